/** The indicators feature's manifest (what app.ts needs from it; see ../feature.ts). */
export { loadShippedPlans as seed } from './load';
export { fileAccess } from './service';
