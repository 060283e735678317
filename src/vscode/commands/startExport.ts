// "Start Export…": the wizard (or a `{ type, range, assistantId? }` argument, used by Retry and tests), then
// one start call; the new order shows at once as queued and the poller takes over. What is offered and
// accepted depends on the active client's surface (the Public API starts nine kinds, for one assistant).
import * as vscode from 'vscode';
import { formatRange, todayInZurich, type DateRange } from '../../core/dateRange';
import { ApiError, isApiError } from '../../core/errors';
import { displayLocale } from '../../core/l10n/locale';
import { exportRequestProblem, ordersNeeded } from '../../core/orders/exportWizardModel';
import { exportKind, findExportKind, type ExportType } from '../../core/orders/order';
import { retryRequest } from '../../core/orders/orderCapabilities';
import { runExportWizard } from '../flows/exportWizard';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';

export interface ExportRequest {
  readonly type: ExportType;
  readonly range: DateRange;
  /** Public API only: the export covers that assistant (space) only. */
  readonly assistantId?: string;
  /**
   * A range longer than one order allows becomes a batch (several orders, one merged CSV). The wizard asks
   * first; a caller sets it to say the person agreed (Repeat of a batch, a saved report).
   */
  readonly split?: boolean;
}

/**
 * A well-formed request for one of the nine kinds (with an optional assistant id string), or undefined.
 * Whether the active surface can start it is decided later (`exportRequestProblem`), with a warning.
 */
export function asExportRequest(arg: unknown): ExportRequest | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { type, range, assistantId, split } = arg as {
    type?: unknown;
    range?: unknown;
    assistantId?: unknown;
    split?: unknown;
  };
  const kind = findExportKind(type);
  if (!kind) return undefined;
  if (assistantId !== undefined && assistantId !== null && typeof assistantId !== 'string')
    return undefined;
  if (typeof range !== 'object' || range === null) return undefined;
  const { start, end } = range as { start?: unknown; end?: unknown };
  if (typeof start !== 'string' || typeof end !== 'string') return undefined;
  const assistant = typeof assistantId === 'string' ? assistantId.trim() : undefined;
  return {
    type: kind.type,
    range: { start, end },
    ...(assistant ? { assistantId: assistant } : {}),
    ...(split === true ? { split: true } : {}),
  };
}

export function startExport(
  s: Pick<
    Shell,
    | 'batches'
    | 'flows'
    | 'memento'
    | 'notifier'
    | 'wizardTap'
    | 'tokens'
    | 'tree'
    | 'view'
    | 'watcher'
  >,
) {
  return async (arg?: unknown): Promise<string | undefined> => {
    // Fail before the wizard, not after the person filled it in.
    const api = s.flows.api();
    if (!(await s.tokens.lookup())) {
      const auth = s.tokens.authKind;
      throw new ApiError(
        'notConfigured',
        auth === 'serviceUser'
          ? vscode.l10n.t('No client secret is set. Set one to start exports.')
          : auth === 'apiKey'
            ? vscode.l10n.t('No API key is set. Set one to start exports.')
            : vscode.l10n.t('No access token is set. Set one to start exports.'),
      );
    }
    const { surface } = api;
    const failedRow = isOrderNode(arg) ? s.watcher.store.get(arg.id) : undefined;
    const given =
      asExportRequest(arg) ?? (failedRow ? retryRequest(failedRow, surface) : undefined);
    const request: ExportRequest | undefined =
      given ??
      (await runExportWizard({
        surface,
        memento: s.memento,
        now: () => new Date(),
        onDidShow: (input, step) => s.wizardTap.onWizardInput?.(input, step),
      }));
    if (!request) return undefined;
    // The wizard confirmed a split already (its last step).
    const split = given ? request.split === true : true;

    const invalid = exportRequestProblem(request, surface, todayInZurich(new Date()), { split });
    if (invalid) {
      s.notifier.show('warning', invalid);
      return undefined;
    }
    const kind = exportKind(request.type);
    if (ordersNeeded(kind, request.range) > 1) return startBatch(s, request);
    let id: string;
    try {
      id = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: vscode.l10n.t({
            message: 'Starting the {0} export…',
            args: [kind.labelInSentence],
            comment: [
              '{0} is the kind of export as it reads inside a sentence, e.g. "chat interactions"',
            ],
          }),
        },
        () =>
          api.startExport(
            request.type,
            request.range,
            undefined,
            request.assistantId ? { assistantId: request.assistantId } : undefined,
          ),
      );
    } catch (e) {
      // After a timeout, a dropped connection, a server error or an unreadable answer the order may exist
      // anyway: list it, so it shows up instead of being started a second time.
      if (isApiError(e) && (e.kind === 'network' || e.kind === 'server' || e.kind === 'protocol'))
        s.watcher.refresh();
      throw e;
    }
    s.watcher.addStarted(id, request.type, request.range);
    const range = formatRange(request.range, displayLocale());
    vscode.window.setStatusBarMessage(
      request.assistantId
        ? vscode.l10n.t({
            message: '$(check) {0} export for {1} (assistant {2}) queued',
            args: [kind.label, range, request.assistantId],
            comment: ['{0} is the kind of export; {1} a date range; {2} an assistant id'],
          })
        : vscode.l10n.t({
            message: '$(check) {0} export for {1} queued',
            args: [kind.label, range],
            comment: ['{0} is the kind of export, e.g. "Chat interactions"; {1} a date range'],
          }),
      5000,
    );
    // Awaited: a reveal still pending when the list is redrawn (another connection shown right after) makes
    // VS Code look for a row that is gone and log an error.
    if (s.view.visible)
      await Promise.resolve(
        s.view.reveal(s.tree.nodeFor(id), { select: false, focus: false }),
      ).catch(() => undefined);
    return id;
  };
}

/** Several orders for one export: the batch places them 10 s apart; its row shows at once. */
async function startBatch(
  s: Pick<Shell, 'batches' | 'tree' | 'view'>,
  request: ExportRequest,
): Promise<string> {
  const batch = s.batches.start(request.type, request.range, request.assistantId);
  const kind = exportKind(request.type);
  vscode.window.setStatusBarMessage(
    vscode.l10n.t({
      message: '$(check) {0} for {1}: {2} orders, placed 10 s apart',
      args: [kind.label, formatRange(request.range, displayLocale()), batch.parts.length],
      comment: ['{0} is the kind of export, e.g. "Chat interactions"; {1} a date range'],
    }),
    5000,
  );
  if (s.view.visible)
    await Promise.resolve(
      s.view.reveal(s.tree.batchNode(batch.id), { select: false, focus: false, expand: true }),
    ).catch(() => undefined);
  return batch.id;
}
