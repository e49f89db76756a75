/**
 * The shared vocabulary (codes.json, copied from ../shared/codes.json): the codes every feature,
 * URL, API and CSV uses. This folder is the only reader of the file: `load.ts` puts towns,
 * departments and waste categories into their tables at start, and every other module takes the
 * lists from here (an eslint rule refuses a direct import of codes.json elsewhere).
 */
import codes from './codes.json';

export type Town = (typeof codes.towns)[number];
export type Department = (typeof codes.departments)[number];
export type ReportCategory = (typeof codes.report_categories)[number];
export type PointType = (typeof codes.point_types)[number];
export type CellType = (typeof codes.cell_types)[number];

/** The 20 towns/streets and the Zhongguancun park, in the plan's order. */
export const TOWNS: readonly Town[] = codes.towns;
/** District departments and other bodies named in the plan. */
export const DEPARTMENTS: readonly Department[] = codes.departments;
/** The plan's other names for bodies (e.g. 相关镇) → codes. */
export const ALIASES = codes.aliases;
/** Beijing's waste categories (厨余垃圾, 可回收物…). */
export const WASTE_CATEGORIES = codes.waste_categories;
/** What a drop-off point accepts (batteries, textiles…). */
export const MATERIAL_KEYS = codes.material_keys;
export const POINT_TYPES: readonly PointType[] = codes.point_types;
/** 无废细胞 types, with their targets. */
export const CELL_TYPES: readonly CellType[] = codes.cell_types;
export const CELL_TOTAL_TARGET: number = codes.cell_total_target;
export const REPORT_CATEGORIES: readonly ReportCategory[] = codes.report_categories;
export const ZONE_KINDS = codes.zone_kinds;
/** Who answers a perception survey (residents, tourists…). */
export const RESPONDENT_GROUPS = codes.respondent_groups;
