// The ROI module's reads, one file per feature; this file only gathers them for the pages, the
// API and the tests. Every one reads the daily rollups, never the conversations — except the
// drill-down, which lists the conversations behind a figure.
export * from "./report";
export * from "./formula-comparison";
export * from "./settings-queries";
export * from "./forecast-queries";
export * from "./drilldown-queries";
export type { LearningAdoption } from "./adoption";
