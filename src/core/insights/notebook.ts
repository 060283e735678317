// "Export as notebook": a Jupyter notebook (.ipynb, nbformat 4) with pandas code that recomputes the report's
// numbers from the CSV, for people who want to go further. Column names come from the file's own header (as
// the report found them), written as Python string literals; Zurich days as the extension counts them.

import * as l10n from '@vscode/l10n';
import type { InsightsReport } from '../../shared/insightsMessages';

/** A Python string literal of any text (JSON's escapes are valid Python). */
function py(text: string): string {
  return JSON.stringify(text);
}

function code(source: string): object {
  return {
    cell_type: 'code',
    execution_count: null,
    metadata: {},
    outputs: [],
    source: lines(source),
  };
}

function markdown(source: string): object {
  return { cell_type: 'markdown', metadata: {}, source: lines(source) };
}

function lines(text: string): string[] {
  const parts = text.trim().split('\n');
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l));
}

/** Python that makes `day` (a Zurich calendar date) from the date or time column. */
function dayColumn(report: InsightsReport): string {
  const date = report.roles.date;
  const ts = report.roles.timestamp;
  if (date && !ts)
    return `df["day"] = pd.to_datetime(df[${py(date)}], errors="coerce", dayfirst=False).dt.date`;
  const col = ts ?? date ?? '';
  return [
    `t = pd.to_datetime(df[${py(col)}], errors="coerce", utc=True).dt.tz_convert("Europe/Zurich")`,
    'df["day"] = t.dt.date',
    'df["weekday"] = t.dt.dayofweek  # 0 = Monday',
    'df["hour"] = t.dt.hour',
  ].join('\n');
}

function recipeCells(report: InsightsReport): object[] {
  const r = report.roles;
  switch (report.kind) {
    case 'chat':
      return [
        code(`USER, ASSISTANT, COUNT = ${py(r.user)}, ${py(r.assistant)}, ${py(r.count)}
${dayColumn(report)}
df[COUNT] = pd.to_numeric(df[COUNT], errors="coerce")
df = df.dropna(subset=["day", COUNT])
active = df[df[COUNT] > 0]
print("Interactions:", df[COUNT].sum())
print("Active users:", active[USER].nunique())`),
        markdown(l10n.t('Interactions per day, by assistant')),
        code(
          `df.pivot_table(index="day", columns=ASSISTANT, values=COUNT, aggfunc="sum", fill_value=0)`,
        ),
        markdown(l10n.t('Daily and weekly (Monday to Sunday) active users')),
        code(`dau = active.groupby("day")[USER].nunique()
wau = active.groupby(pd.to_datetime(active["day"]).dt.to_period("W-SUN"))[USER].nunique()
dau.to_frame("daily"), wau.to_frame("weekly")`),
        markdown(l10n.t('Top assistants by interactions and by users')),
        code(`top = df.groupby(ASSISTANT)[COUNT].sum().to_frame("interactions")
top["users"] = active.groupby(ASSISTANT)[USER].nunique()
top.fillna(0).sort_values("interactions", ascending=False).head(15)`),
        markdown(l10n.t('Interactions per active user')),
        code(`per_user = active.groupby(USER)[COUNT].sum()
bins = [0, 1, 5, 10, 25, 50, 100, 250, 500, float("inf")]
pd.cut(per_user, bins).value_counts().sort_index()`),
      ];
    case 'activeUsers':
      return [
        code(`PERIOD, USERS = ${py(r.period)}, ${py(r.activeUsers)}
${dayColumn(report)}
df[USERS] = pd.to_numeric(df[USERS], errors="coerce")
df.pivot_table(index="day", columns=PERIOD, values=USERS, aggfunc="sum")`),
        markdown(l10n.t('Stickiness: the mean DAU of a calendar month divided by its MAU')),
        code(`p = df[PERIOD].str.lower()
month = pd.to_datetime(df["day"]).dt.to_period("M")
dau = df[p.isin(["day", "daily"])].groupby(month)[USERS].mean()
mau = df[p.isin(["month", "monthly"])].groupby(month)[USERS].sum()
(dau / mau).dropna()`),
      ];
    case 'references': {
      const doc = r.document ?? r.source ?? '';
      const refs = r.references;
      return [
        code(`DOC = ${py(doc)}
${dayColumn(report)}
${refs ? `df["citations"] = pd.to_numeric(df[${py(refs)}], errors="coerce").fillna(0)` : 'df["citations"] = 1'}
df.groupby(DOC)["citations"].sum().sort_values(ascending=False).head(15)`),
        markdown(l10n.t('Citations per day')),
        code(`df.groupby("day")["citations"].sum()`),
      ];
    }
    case 'detailed':
      return [
        code(`${dayColumn(report)}
${r.assistant ? `ASSISTANT = ${py(r.assistant)}\ndf.pivot_table(index="day", columns=ASSISTANT, aggfunc="size", fill_value=0)` : 'df.groupby("day").size()'}`),
        markdown(l10n.t('Messages by weekday (0 = Monday) and hour, Zurich time')),
        code(`df.pivot_table(index="weekday", columns="hour", aggfunc="size", fill_value=0)`),
        ...(r.prompt
          ? [
              markdown(l10n.t('Question length (characters)')),
              code(`df[${py(r.prompt)}].fillna("").str.len().describe()`),
            ]
          : []),
        ...(r.answer
          ? [
              markdown(l10n.t('Answer length (characters)')),
              code(`df[${py(r.answer)}].fillna("").str.len().describe()`),
            ]
          : []),
      ];
    case 'profile':
      return [code('df.describe(include="all").T')];
  }
}

/** The notebook's JSON text for a report of the CSV at `csvPath`. */
export function insightsNotebook(report: InsightsReport, csvPath: string): string {
  const cells = [
    markdown(
      [
        `# ${l10n.t({
          message: '{0}: {1}',
          args: [report.kindLabel, report.fileName],
          comment: ['a notebook heading: the kind of export and its file name'],
        })}`,
        '',
        l10n.t(
          'Recomputes the numbers of the Insights tab with pandas. Days are Zurich calendar days; an active user has at least one interaction in the period.',
        ),
      ].join('\n'),
    ),
    code(`import pandas as pd

PATH = ${py(csvPath)}
df = pd.read_csv(PATH, encoding="utf-8-sig")
len(df)`),
    ...recipeCells(report),
  ];
  return `${JSON.stringify(
    {
      cells,
      metadata: {
        kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
        language_info: { name: 'python' },
      },
      nbformat: 4,
      nbformat_minor: 4,
    },
    null,
    1,
  )}\n`;
}
