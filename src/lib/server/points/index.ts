/** The points feature's manifest (what app.ts needs from it; see ../feature.ts). */
export { loadPoints as seed } from './data';
