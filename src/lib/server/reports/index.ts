/** The reports feature's manifest (what app.ts needs from it; see ../feature.ts). */
export { loadReportReference as seed } from './reference';
export { fileAccess } from './service';
export { retention } from './retention';
