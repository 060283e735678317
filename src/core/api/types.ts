// The contract of the Unique analytics API client, implemented for each surface: `UniqueClient`
// (client.ts, internal) and `PublicAnalyticsClient` (publicClient.ts, the Public API). The adapter layer
// and the tests program against this interface.

import type { Surface } from '../connections/environment';
import type { Order, ExportType } from '../orders/order';
import type { DateRange } from '../dateRange';

export interface ListOrdersPage {
  readonly orders: readonly Order[];
  /** True when a full page came back, so another page may exist (the API returns no total). */
  readonly mayHaveMore: boolean;
  /** Entries the server sent that could not be mapped (kept out of the list, reported in the log). */
  readonly skipped: number;
}

export interface DownloadProgress {
  readonly receivedBytes: number;
  /** From Content-Length, when the server sent one. */
  readonly totalBytes?: number;
}

export interface DownloadResult {
  /** The final path (only ever holds a complete file). */
  readonly path: string;
  readonly bytes: number;
}

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress) => void;
  /** Sees every chunk as it goes to disk (e.g. to count formula cells on the way, without a second read). */
  readonly onChunk?: (chunk: Uint8Array) => void;
}

export interface StartExportOptions {
  /**
   * A space (assistant) id: the export covers that assistant only. Public API only; the internal surface
   * refuses it (ApiError 'badConfiguration', nothing sent).
   */
  readonly assistantId?: string;
}

export interface UniqueAnalyticsApi {
  /** Which API this client talks to; decides which kinds can be started (`exportKindsFor`). */
  readonly surface: Surface;
  /**
   * Starts one export; resolves to the new order's id. A kind this surface cannot start is refused with
   * ApiError('badConfiguration') before anything is sent.
   */
  startExport(
    type: ExportType,
    range: DateRange | undefined,
    signal?: AbortSignal,
    options?: StartExportOptions,
  ): Promise<string>;
  /** One page of orders, newest first. */
  listOrders(skip: number, take: number, signal?: AbortSignal): Promise<ListOrdersPage>;
  /**
   * Streams the CSV of a DONE order to `<targetPath>.part-<random>` and renames it to `targetPath`
   * only once complete. On any failure or cancellation the temporary file is removed.
   */
  downloadCsv(
    orderId: string,
    targetPath: string,
    options?: DownloadOptions,
  ): Promise<DownloadResult>;
  /** Deletes an order; resolves to the deleted order as the server returned it, when it did. */
  deleteOrder(orderId: string, signal?: AbortSignal): Promise<Order | undefined>;
}

/** One line of a connection check: what was checked, whether it passed, and why not (or what was seen). */
export interface ConnectionCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ConnectionReport {
  /** True when every check passed. */
  readonly ok: boolean;
  readonly checks: readonly ConnectionCheck[];
}

/** Checks configuration, reachability, TLS, token, roles and routes without starting an export. */
export interface ConnectionChecker {
  checkConnection(signal?: AbortSignal): Promise<ConnectionReport>;
}
