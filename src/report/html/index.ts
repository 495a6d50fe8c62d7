// The self-contained HTML report (see report.ts).
export { buildReport, writeReport, type Report } from './report.ts';
export { gatherReportData, type ReportData, type ReportOptions } from './data.ts';
export { esc } from './escape.ts';
export { reportPlots, type Plot } from './plots.ts';
