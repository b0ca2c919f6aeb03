import { Alert, Anchor, Grid, Group, Loader, Paper, Stack, Tabs, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { AppError } from '../../../../core/contract/errors';
import type { SiteChoice } from '../../../../core/contract/desk';
import type { OrderDetail } from '../../../../core/contract/orders';
import { api } from '../../api';
import { StatusBadge } from '../../components/StatusBadge';
import { useDesk } from '../../desk/DeskContext';
import { useSiteFormat } from '../../desk/site-format';
import { usePrinter } from '../../documents/usePrinter';
import { useSyncedAt } from '../../sync/SyncStatusContext';
import { Detail, DetailsTab } from './DetailsTab';
import { DocumentsTab } from './DocumentsTab';
import { EstimateTab } from './EstimateTab';
import { HandOverDialog } from './HandOverDialog';
import { PaymentsTab } from './PaymentsTab';
import { PhotosTab } from './PhotosTab';
import { StatusActions } from './StatusActions';
import { Timeline } from './Timeline';

type Tab = 'details' | 'estimate' | 'payments' | 'photos' | 'documents';

function useOrder(id: string) {
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const reload = useCallback(() => {
    void api.getOrder({ id }).then((result) => {
      if (result.ok) setOrder(result.value);
      else setError(result.error);
    });
  }, [id]);
  useEffect(reload, [reload]);
  // What another desk did to this order (an arrival, an estimate, the customer's answer) shows
  // after the sync round that brought it, without leaving the screen: re-read, and re-render
  // only when the order changed.
  const syncedAt = useSyncedAt();
  const firstSync = useRef(syncedAt);
  useEffect(() => {
    if (syncedAt === firstSync.current) return;
    let live = true;
    void api.getOrder({ id }).then((result) => {
      if (!live || !result.ok) return;
      setOrder((shown) =>
        shown && JSON.stringify(shown) === JSON.stringify(result.value) ? shown : result.value,
      );
    });
    return () => {
      live = false;
    };
  }, [id, syncedAt]);
  return { order, setOrder, error, reload };
}

/** One order: header, next steps, tabs of details, estimate, payments, photos and printouts. */
export function OrderScreen() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation(['orderPage', 'common', 'errors']);
  const format = useSiteFormat();
  const { site } = useDesk();
  const { order, setOrder, error, reload } = useOrder(id);
  // Who holds the device, by name where this desk knows the site (the head office knows all).
  const [sites, setSites] = useState<SiteChoice[]>([]);
  useEffect(() => {
    void api.listSites({}).then((result) => result.ok && setSites(result.value));
  }, []);
  const [tab, setTab] = useState<Tab>('details');
  const [handingOver, setHandingOver] = useState(false);
  const { print, viewer } = usePrinter(reload);
  const printRequested = useRef(false);

  // Save-and-print from the intake arrives here with ?print=intake_receipt.
  useEffect(() => {
    if (!order || printRequested.current || params.get('print') !== 'intake_receipt') return;
    printRequested.current = true;
    setParams({}, { replace: true });
    void print(order.id, 'intake_receipt');
  }, [order, params, setParams, print]);

  const back = (
    <Anchor component={Link} to="/orders" size="sm">
      ← {t('backToList')}
    </Anchor>
  );
  if (error)
    return (
      <Stack>
        {back}
        <Alert color="red" role="alert">
          {t(`errors:errors.${error.code}`)}
        </Alert>
      </Stack>
    );
  if (!order) return <Loader aria-label={t('common:loading')} />;

  const holder =
    order.custodySiteId === site.id ? site : sites.find((s) => s.id === order.custodySiteId);
  const custody = holder ? `${holder.code} · ${holder.name}` : t('otherSite');
  return (
    <Stack gap="md">
      {back}
      <Group gap="md" align="center">
        <Title order={1} ff="monospace">
          {order.number}
        </Title>
        <StatusBadge status={order.status} />
      </Group>
      <Group gap="xl">
        <Detail label={t('createdAt')}>{format.dateTime(order.createdAt)}</Detail>
        <Detail label={t('promisedOn')}>
          {order.promisedOn ? format.isoDate(order.promisedOn) : t('common:dash')}
        </Detail>
        <Detail label={t('custody')}>{custody}</Detail>
      </Group>
      <StatusActions
        order={order}
        siteId={site.id}
        holder={holder ? custody : undefined}
        onChanged={setOrder}
        onEstimate={() => setTab('estimate')}
        onHandOver={() => setHandingOver(true)}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs
            value={tab}
            onChange={(v) => setTab((v as Tab | null) ?? 'details')}
            keepMounted={false}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="details">{t('tabs.details')}</Tabs.Tab>
              <Tabs.Tab value="estimate">{t('tabs.estimate')}</Tabs.Tab>
              <Tabs.Tab value="payments">{t('tabs.payments')}</Tabs.Tab>
              <Tabs.Tab value="photos">{t('tabs.photos')}</Tabs.Tab>
              <Tabs.Tab value="documents">{t('tabs.documents')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">
              <DetailsTab order={order} />
            </Tabs.Panel>
            <Tabs.Panel value="estimate">
              <EstimateTab
                order={order}
                siteId={site.id}
                holder={holder ? custody : undefined}
                onChanged={reload}
              />
            </Tabs.Panel>
            <Tabs.Panel value="payments">
              <PaymentsTab order={order} onHandOver={() => setHandingOver(true)} />
            </Tabs.Panel>
            <Tabs.Panel value="photos">
              <PhotosTab orderId={order.id} />
            </Tabs.Panel>
            <Tabs.Panel value="documents">
              <DocumentsTab
                order={order}
                print={(document, paper) => print(order.id, document, paper)}
              />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('timeline.title')}
            </Title>
            <Timeline events={order.events} />
          </Paper>
        </Grid.Col>
      </Grid>
      <HandOverDialog
        order={order}
        opened={handingOver}
        onClose={() => setHandingOver(false)}
        onHandedOver={(record) => {
          setHandingOver(false);
          setTab('payments');
          reload();
          if (record.slip) void print(order.id, 'warranty_slip');
        }}
      />
      {viewer}
    </Stack>
  );
}
