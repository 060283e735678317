// "Start Export…": the wizard (or a `{ type, range }` argument, used by Retry and tests), then one start
// call; the new order shows at once as queued and the poller takes over.
import * as vscode from 'vscode';
import { formatRange, todayInZurich, validateRange, type DateRange } from '../../core/dateRange';
import { ApiError, isApiError } from '../../core/errors';
import { EXPORT_KINDS, type ExportType } from '../../core/orders/order';
import { retryRequest } from '../../core/orders/orderCapabilities';
import { runExportWizard } from '../flows/exportWizard';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';

export interface ExportRequest {
  readonly type: ExportType;
  readonly range: DateRange;
}

/** A well-formed request for one of the four startable kinds, or undefined. */
export function asExportRequest(arg: unknown): ExportRequest | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { type, range } = arg as { type?: unknown; range?: unknown };
  if (!EXPORT_KINDS.some((k) => k.type === type)) return undefined;
  if (typeof range !== 'object' || range === null) return undefined;
  const { start, end } = range as { start?: unknown; end?: unknown };
  return typeof start === 'string' && typeof end === 'string'
    ? { type: type as ExportType, range: { start, end } }
    : undefined;
}

export function startExport(
  s: Pick<
    Shell,
    'flows' | 'memento' | 'notifier' | 'wizardTap' | 'tokens' | 'tree' | 'view' | 'watcher'
  >,
) {
  return async (arg?: unknown): Promise<string | undefined> => {
    // Fail before the wizard, not after the person filled it in.
    const api = s.flows.api();
    if (!(await s.tokens.lookup())) {
      throw new ApiError('notConfigured', 'No access token is set. Set one to start exports.');
    }
    const failedRow = isOrderNode(arg) ? s.watcher.store.get(arg.id) : undefined;
    const given = asExportRequest(arg) ?? (failedRow ? retryRequest(failedRow) : undefined);
    const request =
      given ??
      (await runExportWizard({
        memento: s.memento,
        now: () => new Date(),
        onDidShow: (input, step) => s.wizardTap.onWizardInput?.(input, step),
      }));
    if (!request) return undefined;

    const kind = EXPORT_KINDS.find((k) => k.type === request.type)!;
    const invalid = validateRange(request.range, {
      today: todayInZurich(new Date()),
      maxDays: kind.maxDays,
      kindLabel: kind.label,
    });
    if (invalid) {
      s.notifier.show('warning', invalid);
      return undefined;
    }
    let id: string;
    try {
      id = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: `Starting the ${kind.label.toLowerCase()} export…`,
        },
        () => api.startExport(request.type, request.range),
      );
    } catch (e) {
      // After a timeout, a dropped connection, a server error or an unreadable answer the order may exist
      // anyway: list it, so it shows up instead of being started a second time.
      if (isApiError(e) && (e.kind === 'network' || e.kind === 'server' || e.kind === 'protocol'))
        s.watcher.refresh();
      throw e;
    }
    s.watcher.addStarted(id, request.type, request.range);
    vscode.window.setStatusBarMessage(
      `$(check) ${kind.label} export for ${formatRange(request.range, vscode.env.language)} queued`,
      5000,
    );
    if (s.view.visible) void s.view.reveal(s.tree.nodeFor(id), { select: false, focus: false });
    return id;
  };
}
