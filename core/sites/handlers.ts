import type { deskMethods } from '../contract/desk';
import type { DomainHandlers } from '../runtime/handler-types';

export const deskHandlers: DomainHandlers<typeof deskMethods> = {
  getDeskInfo: (ctx) => ({
    site: {
      id: ctx.site.id,
      code: ctx.site.code,
      name: ctx.site.name,
      timezone: ctx.site.timezone,
      country: ctx.site.country,
      currency: ctx.site.currency,
      locale: ctx.site.locale,
    },
    person: { id: ctx.actor.userId, name: ctx.actor.name, roles: [...ctx.actor.roles] },
  }),
};
