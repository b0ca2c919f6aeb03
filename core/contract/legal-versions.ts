/**
 * The version of the privacy notice and terms the desk shows and prints today. The texts
 * themselves live in `resources/legal/<country>/<version>.json`; consent records this id.
 */
export const currentLegalVersion = '2026.1';
