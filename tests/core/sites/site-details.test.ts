import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SiteDetails } from '../../../core/contract/desk';
import { outbox, sites } from '../../../core/db/schema';
import type { Desk } from '../../../core/runtime/desk';
import { newIntakeReceipt, pdfText } from '../documents/document-builders';
import { addWorkshop } from '../../support/counter';
import { expectOk, testDesk } from '../../support/desk';
import { actorWith, headOffice, setUpHeadOffice } from '../../support/people';

/** A head office set up at first run, its admin signed in. */
async function headOfficeDesk() {
  const desk = testDesk();
  const { token } = await setUpHeadOffice(desk);
  const as = (method: string, input: unknown) => desk.callWithSession(token, method, input);
  return { desk, as };
}

function queued(desk: Desk) {
  return desk.db
    .select()
    .from(outbox)
    .all()
    .filter((entry) => entry.name === 'site.update');
}

function siteRow(desk: Desk, id = desk.site.id) {
  return desk.db.select().from(sites).where(eq(sites.id, id)).get()!;
}

describe("an admin corrects the site's legal details at the desk", () => {
  it('the next receipt prints the new address and VAT number, and only what changed travels, audited', async () => {
    const { desk, as } = await headOfficeDesk();
    const saved = (await expectOk(
      as('updateSiteDetails', {
        name: headOffice.site.name,
        legalName: headOffice.site.legal.legalName,
        address: '  Corso Como 10, 20154 Milano ',
        vatNumber: '12345678903',
        email: 'sede@sportello.example',
      }),
    )) as SiteDetails;
    expect(saved).toMatchObject({
      code: 'HQ01',
      editable: true,
      legal: {
        legalName: headOffice.site.legal.legalName,
        address: 'Corso Como 10, 20154 Milano',
        vatNumber: '12345678903',
        email: 'sede@sportello.example',
      },
    });
    expect(desk.site.legal).toMatchObject({ address: 'Corso Como 10, 20154 Milano' });
    const text = pdfText((await newIntakeReceipt(desk, 'a4', 'it')).pdf);
    expect(text).toContain('Corso Como 10, 20154 Milano');
    expect(text).toContain('12345678903');

    const [entry] = queued(desk);
    expect(entry!.args).toEqual({
      id: desk.site.id,
      patch: {
        legal: {
          address: 'Corso Como 10, 20154 Milano',
          vatNumber: '12345678903',
          email: 'sede@sportello.example',
        },
        updatedAt: saved.updatedAt,
      },
    });
    const audit = entry!.audit as { action: string; entity: string; before: unknown }[];
    expect(audit[0]).toMatchObject({
      action: 'updateSiteDetails',
      entity: 'site',
      before: { legal: { address: headOffice.site.legal.address } },
    });
  });

  it('clears a detail left empty, and saving what is already there writes nothing', async () => {
    const { desk, as } = await headOfficeDesk();
    await expectOk(as('updateSiteDetails', { phone: '+39 02 555 0101' }));
    await expectOk(as('updateSiteDetails', { phone: '' }));
    expect(siteRow(desk).legal).not.toHaveProperty('phone');
    const before = siteRow(desk);
    await expectOk(
      as('updateSiteDetails', { name: before.name, address: before.legal.address, phone: '' }),
    );
    expect(siteRow(desk)).toEqual(before);
    expect(queued(desk)).toHaveLength(2);
  });

  it('a wrong VAT number, tax code or e-mail is refused by field, and nothing changes', async () => {
    const { desk, as } = await headOfficeDesk();
    const before = siteRow(desk);
    const checked = await as('updateSiteDetails', {
      vatNumber: '12345678901',
      taxCode: 'RSSMRA85T10A562X',
      address: 'Via Nuova 3',
    });
    expect(checked).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        issues: [
          { path: 'taxCode', code: 'invalid_tax_code' },
          { path: 'vatNumber', code: 'invalid_vat_number' },
        ],
      },
    });
    const typed = await as('updateSiteDetails', { email: 'sede at sportello', legalName: ' ' });
    expect(typed).toMatchObject({ ok: false, error: { code: 'validation' } });
    const paths = (typed as { error: { issues: { path: string }[] } }).error.issues.map(
      (i) => i.path,
    );
    expect(paths.sort()).toEqual(['email', 'legalName']);
    // What the site was created with for good is no field of this form.
    const currency = await as('updateSiteDetails', { currency: 'USD' });
    expect(currency).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(siteRow(desk)).toEqual(before);
    expect(queued(desk)).toEqual([]);
  });

  it("a Russian site's tax code is an INN", async () => {
    const { desk, as } = await headOfficeDesk();
    desk.db.update(sites).set({ country: 'RU', updatedAt: 1 }).run();
    const wrong = await as('updateSiteDetails', { taxCode: '7707083894' });
    expect(wrong).toMatchObject({ ok: false, error: { issues: [{ code: 'invalid_inn' }] } });
    await expectOk(as('updateSiteDetails', { taxCode: '7707083893' }));
  });
});

describe('who may see and change which site', () => {
  it('a manager reads the details but cannot change them; a receptionist does neither', async () => {
    const { desk } = await headOfficeDesk();
    const manager = actorWith(desk, ['manager']);
    expect(await expectOk(desk.call('getSiteDetails', {}, manager))).toMatchObject({
      code: 'HQ01',
      editable: false,
      legal: headOffice.site.legal,
    });
    const refused = await desk.call('updateSiteDetails', { address: 'Via X 1' }, manager);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const receptionist = actorWith(desk, ['receptionist']);
    expect(await desk.call('getSiteDetails', {}, receptionist)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(siteRow(desk).legal).toEqual(headOffice.site.legal);
  });

  it("the head office's admin corrects another site's details; queued for that site", async () => {
    const { desk, as } = await headOfficeDesk();
    const workshop = addWorkshop(desk, 'LAB1');
    expect(await expectOk(as('getSiteDetails', { siteId: workshop }))).toMatchObject({
      code: 'LAB1',
      kind: 'workshop_own',
    });
    await expectOk(as('updateSiteDetails', { siteId: workshop, phone: '+39 02 555 0199' }));
    expect(siteRow(desk, workshop).legal).toMatchObject({ phone: '+39 02 555 0199' });
    expect(queued(desk)[0]!.args).toMatchObject({ id: workshop });
  });

  it("a counter's admin changes its own site only", async () => {
    const { desk, as } = await headOfficeDesk();
    const workshop = addWorkshop(desk, 'LAB1');
    // The same desk as a reception counter: its own site is the only one it may open.
    desk.db
      .update(sites)
      .set({ kind: 'reception', updatedAt: 2 })
      .where(eq(sites.id, desk.site.id))
      .run();
    for (const method of ['getSiteDetails', 'updateSiteDetails'])
      expect(await as(method, { siteId: workshop, address: 'Via Y 2' })).toMatchObject({
        ok: false,
        error: { code: 'own_site_only' },
      });
    await expectOk(as('updateSiteDetails', { address: 'Via Z 3' }));
    expect(siteRow(desk, workshop).legal.address).toBe('Via Roma 2, Milano');
    expect(queued(desk)).toHaveLength(1);
  });
});
