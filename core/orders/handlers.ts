import type { deviceMethods } from '../contract/devices';
import type { estimateMethods } from '../contract/estimates';
import type { handOverMethods } from '../contract/handover';
import type { orderMethods } from '../contract/orders';
import type { workflowMethods } from '../contract/workflow';
import type { DomainHandlers } from '../runtime/handler-types';
import { readCounterSettings, updateCounterSettings } from './counter-settings';
import { getDeviceHistory, suggestDevices } from './device-history';
import { readEstimates, recordApproval, saveEstimate, vatRatesToday } from './estimates';
import { handOver, readHandOver } from './handover';
import { recordPrint, recordReminder } from './history-notes';
import { createIntake } from './intake';
import { listOrders } from './list';
import { readOrderDetail } from './read';
import { changeStatus } from './status-change';
import { listUncollected } from './uncollected';
import { revealUnlockCode } from './unlock';

export const orderHandlers: DomainHandlers<typeof orderMethods> = {
  createIntake,
  listOrders: (ctx, input) => listOrders(ctx.db, input),
  getOrder: (ctx, input) => readOrderDetail(ctx.db, input),
  revealUnlockCode,
};

export const deviceHandlers: DomainHandlers<typeof deviceMethods> = {
  suggestDevices,
  getDeviceHistory,
};

export const workflowHandlers: DomainHandlers<typeof workflowMethods> = {
  changeStatus,
  sendToWorkshop: (ctx, input) => changeStatus(ctx, { ...input, to: 'in_transit_to_workshop' }),
  recordPrint,
  recordReminder,
  listUncollected,
  getCounterSettings: (ctx) => readCounterSettings(ctx.db, ctx.site.id),
  updateCounterSettings,
};

export const estimateHandlers: DomainHandlers<typeof estimateMethods> = {
  saveEstimate,
  recordApproval,
  listEstimates: (ctx, input) => readEstimates(ctx.db, { orderId: input.orderId }),
  getVatRates: vatRatesToday,
};

export const handOverHandlers: DomainHandlers<typeof handOverMethods> = {
  handOver,
  getHandOver: (ctx, input) => readHandOver(ctx.db, input.orderId),
};
