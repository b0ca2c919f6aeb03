import { z } from 'zod';
import { Id, IsoDate } from './common';
import { method } from './define';
import { deviceCategories, OrderStatus } from './orders';
import { counterStaff, everyone } from './roles';

export const WarrantySlip = z.object({
  id: Id,
  orderId: Id,
  orderNumber: z.string(),
  deviceId: Id,
  startsOn: IsoDate,
  endsOn: IsoDate,
  termsVersion: z.string(),
  coverage: z.array(
    z.object({ lineId: Id, description: z.string(), months: z.int(), endsOn: IsoDate }),
  ),
});
export type WarrantySlip = z.infer<typeof WarrantySlip>;

export const DeviceHistory = z.array(
  z.object({
    id: Id,
    customerId: Id,
    category: z.enum(deviceCategories),
    brand: z.string(),
    model: z.string(),
    serial: z.string().nullable(),
    imei: z.string().nullable(),
    orders: z.array(
      z.object({
        id: Id,
        number: z.string(),
        status: OrderStatus,
        createdAt: z.int(),
        closedAt: z.int().nullable(),
        complaint: z.string(),
      }),
    ),
    /** Slips with at least one line still covered today, only those lines listed. */
    validSlips: z.array(WarrantySlip),
  }),
);

export const deviceMethods = {
  suggestDevices: method({
    summary:
      'Brands and models typed in earlier orders that start with what is being typed, most used first.',
    kind: 'query',
    input: z.object({
      category: z.enum(deviceCategories).optional(),
      brand: z.string().trim().max(80).default(''),
      model: z.string().trim().max(120).default(''),
      limit: z.int().min(1).max(50).default(10),
    }),
    output: z.object({
      brands: z.array(z.object({ brand: z.string(), uses: z.int() })),
      models: z.array(z.object({ brand: z.string(), model: z.string(), uses: z.int() })),
    }),
    roles: counterStaff,
  }),
  getDeviceHistory: method({
    summary:
      "A device's earlier orders and valid warranty slips, by id or by serial/IMEI (as a scanner reads it).",
    kind: 'query',
    input: z.union([
      z.object({ deviceId: Id }),
      z.object({ serialOrImei: z.string().trim().min(3).max(80) }),
    ]),
    output: DeviceHistory,
    roles: everyone,
  }),
};
