import type { deviceCategories } from './orders';

type Category = (typeof deviceCategories)[number];

/**
 * What a receptionist ticks when a device is handed in, per category: the visible condition
 * and the accessories left with it. Codes are translated as `checklist.<code>` on screen and
 * on the receipt. Shared with the renderer so the form shows the same list the handler accepts.
 */
const commonCondition = ['scratches', 'dents', 'cracks', 'liquid_marks', 'missing_parts'] as const;

export const conditionChecklists: Record<Category, readonly string[]> = {
  phone: [
    ...commonCondition,
    'cracked_screen',
    'cracked_back',
    'bent_frame',
    'missing_screws',
    'swollen_battery',
    'screen_burn_in',
  ],
  tablet: [...commonCondition, 'cracked_screen', 'bent_frame', 'missing_screws', 'swollen_battery'],
  laptop: [
    ...commonCondition,
    'cracked_screen',
    'missing_keys',
    'broken_hinge',
    'missing_screws',
    'swollen_battery',
    'stickers',
  ],
  tv: [...commonCondition, 'cracked_screen', 'dead_pixels', 'broken_stand'],
  large_appliance: [...commonCondition, 'rust', 'broken_door', 'missing_knobs', 'damaged_cable'],
  small_appliance: [...commonCondition, 'rust', 'damaged_cable', 'missing_screws', 'burn_marks'],
  footwear: [
    'scratches',
    'scuffs',
    'stains',
    'worn_sole',
    'detached_sole',
    'torn_upper',
    'missing_laces',
  ],
  other: [...commonCondition, 'missing_screws'],
};

export const accessoryChecklists: Record<Category, readonly string[]> = {
  phone: ['case', 'sim_card', 'sd_card', 'charger', 'cable', 'box', 'screen_protector'],
  tablet: ['case', 'sim_card', 'charger', 'cable', 'stylus', 'keyboard', 'box'],
  laptop: ['charger', 'bag', 'mouse', 'battery', 'box'],
  tv: ['remote', 'stand', 'power_cable', 'wall_bracket', 'box'],
  large_appliance: ['power_cable', 'hoses', 'manual'],
  small_appliance: ['power_cable', 'attachments', 'box', 'manual'],
  footwear: ['box', 'dust_bag', 'laces', 'insoles'],
  other: ['charger', 'cable', 'box'],
};
