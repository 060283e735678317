// Which connection the view shows and how long its sign-in lasts: the view's title and a status bar
// item (click: switch) once named environments exist, the token's end in its tooltip, and one warning 10
// minutes before a pasted token ends (a service user renews its own; an API key does not end this way).
import * as vscode from 'vscode';
import { describeExpiry, expiryDuration, expiryPlan } from '../../core/auth/jwt';
import type { EnvironmentAuth } from '../../core/connections/environment';
import { assertNever } from '../../core/errors';
import { describeConnection } from '../../core/connections/connectionList';
import { CommandIds } from '../../core/ids';
import { displayLocale } from '../../core/l10n/locale';
import { signInFix } from '../errorBoundary';
import type { Shell } from '../shell';

type Deps = Pick<
  Shell,
  'connections' | 'clients' | 'tokens' | 'setup' | 'notifier' | 'boundary' | 'watcher'
>;

/** How often the tooltip's "ends in …" is brought up to date. */
const REFRESH_MS = 60_000;

export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'uniqueAnalytics.connection',
    vscode.StatusBarAlignment.Left,
    11,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private warnTimer: ReturnType<typeof setTimeout> | undefined;
  /** `<connection>@<exp>` of the token last warned about: each token is warned about once. */
  private warned: string | undefined;
  private planned: string | undefined;
  private updating: Promise<void> = Promise.resolve();

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly deps: Deps,
  ) {
    this.item.name = vscode.l10n.t('Unique Analytics connection');
    this.item.command = CommandIds.switchEnvironment;
    const update = (): void => void this.update();
    const every = setInterval(update, REFRESH_MS);
    this.disposables.push(
      this.item,
      deps.connections.onDidChange(update),
      deps.setup.onDidChange(update),
      deps.watcher.onDidPoll(update),
      { dispose: () => clearInterval(every) },
      { dispose: () => this.warnTimer !== undefined && clearTimeout(this.warnTimer) },
    );
    update();
  }

  /** Brings the description, the item and the warning timer up to date (serialised). */
  update(): Promise<void> {
    this.updating = this.updating.then(() => this.apply()).catch(() => undefined);
    return this.updating;
  }

  private async apply(): Promise<void> {
    const { connections, clients } = this.deps;
    const c = connections.active;
    const named = connections.hasEnvironments;
    // A view alone in its container shows no description, only its title: name the environment there.
    this.view.title =
      named && c
        ? vscode.l10n.t({
            message: 'Orders · {0}',
            args: [c.name],
            comment: ['{0} is the name of a connection'],
          })
        : vscode.l10n.t({ message: 'Orders', comment: ['the title of the view of export orders'] });
    const ends = c ? await clients.expiryOf(c).catch(() => undefined) : undefined;
    const now = Date.now();
    const kind = c?.environment?.auth.kind ?? 'token';
    const endsLine =
      ends === undefined
        ? ''
        : ends > now
          ? endsText(kind, describeExpiry(ends, now), clock(ends))
          : endedText(kind, expiryDuration(ends, now), clock(ends));
    const soon = kind === 'token' && ends !== undefined && ends - now < 3_600_000;
    if (c && (named || soon)) {
      this.item.text = !soon
        ? `$(server-environment) ${c.name}`
        : named
          ? vscode.l10n.t({
              message: '$(warning) {0}: {1}',
              args: [c.name, describeExpiry(ends, now)],
              comment: ['{0} is the name of a connection; {1} says when its token ends'],
            })
          : vscode.l10n.t({
              message: '$(warning) Unique token {0}',
              args: [describeExpiry(ends, now)],
              comment: ['{0} says when the token ends'],
            });
      const tip = new vscode.MarkdownString();
      const title = vscode.l10n.t({
        message: 'Unique Analytics: {0}',
        args: [c.name],
        comment: ['{0} is the name of a connection'],
      });
      tip.appendText(`${title}\n\n${describeConnection(c)}\n\n`);
      if (endsLine) tip.appendText(`${endsLine}\n\n`);
      tip.appendText(
        named
          ? vscode.l10n.t('Click to switch the connection.')
          : vscode.l10n.t('Click to see the connections.'),
      );
      this.item.tooltip = tip;
      this.item.accessibilityInformation = {
        label: endsLine
          ? vscode.l10n.t({
              message: 'Unique Analytics connection {0}. {1}',
              args: [c.name, endsLine],
              comment: ['{0} is the name of a connection; {1} says when its sign-in ends'],
            })
          : vscode.l10n.t({
              message: 'Unique Analytics connection {0}',
              args: [c.name],
              comment: ['{0} is the name of a connection'],
            }),
      };
      this.item.show();
    } else this.item.hide();
    this.planWarning(c?.name ?? '', kind === 'token' ? ends : undefined);
  }

  /** One warning per pasted token, 10 minutes before it ends. */
  private planWarning(name: string, ends: number | undefined): void {
    const key = ends === undefined ? undefined : `${name}@${ends}`;
    if (key === this.planned) return;
    this.planned = key;
    if (this.warnTimer !== undefined) clearTimeout(this.warnTimer);
    this.warnTimer = undefined;
    if (ends === undefined || key === undefined) return;
    const plan = expiryPlan(ends, Date.now());
    if (plan.kind === 'expired') return; // the next request's 401 says so, with the fix
    const warn = (): void => {
      if (this.warned === key || this.planned !== key) return;
      this.warned = key;
      const { notifier, boundary, connections } = this.deps;
      const when = describeExpiry(ends, Date.now());
      notifier.show(
        'warning',
        connections.hasEnvironments
          ? vscode.l10n.t({
              message:
                'The access token of "{0}" ends {1} ({2}). Set a new one, or connect with a service user, which renews its token itself.',
              args: [name, when, clock(ends)],
              comment: [
                '{0} is the name of a connection; {1} is e.g. "in 5 min"; {2} a time of day',
              ],
            })
          : vscode.l10n.t({
              message:
                'The access token ends {0} ({1}). Set a new one, or connect with a service user, which renews its token itself.',
              args: [when, clock(ends)],
              comment: ['{0} is e.g. "in 5 min"; {1} a time of day'],
            }),
        [signInFix('token')],
        (a) => boundary.runFix(a),
      );
    };
    if (plan.kind === 'warnNow') warn();
    else
      this.warnTimer = setTimeout(() => {
        // Read again when it is time: the token may have been replaced meanwhile.
        this.planned = undefined;
        void this.update();
      }, plan.inMs);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The connection's sign-in ended `ago` (e.g. "5 min") before now, at `at` (a time of day). */
function endedText(kind: EnvironmentAuth['kind'], ago: string, at: string): string {
  switch (kind) {
    case 'serviceUser':
      return vscode.l10n.t({
        message:
          'Signed in as the service user; its token ended {0} ago ({1}) and is renewed with the next request.',
        args: [ago, at],
        comment: ['{0} is a duration, e.g. "5 min"; {1} a time of day'],
      });
    case 'apiKey':
      return vscode.l10n.t({
        message: 'The API key ended {0} ago ({1}).',
        args: [ago, at],
        comment: ['{0} is a duration, e.g. "5 min"; {1} a time of day'],
      });
    case 'token':
      return vscode.l10n.t({
        message: 'The access token ended {0} ago ({1}): set a new one.',
        args: [ago, at],
        comment: ['{0} is a duration, e.g. "5 min"; {1} a time of day'],
      });
    default:
      return assertNever(kind, 'auth kind');
  }
}

/** When the connection's sign-in ends: `when` is e.g. "in 5 min", `at` the time of day. */
function endsText(kind: EnvironmentAuth['kind'], when: string, at: string): string {
  switch (kind) {
    case 'serviceUser':
      return vscode.l10n.t({
        message: 'Signed in as the service user; its token ends {0} ({1}) and is renewed before.',
        args: [when, at],
        comment: ['{0} is e.g. "in 5 min"; {1} a time of day'],
      });
    case 'apiKey':
      return vscode.l10n.t({
        message: 'The API key ends {0} ({1}).',
        args: [when, at],
        comment: ['{0} is e.g. "in 5 min"; {1} a time of day'],
      });
    case 'token':
      return vscode.l10n.t({
        message: 'The access token ends {0} ({1}).',
        args: [when, at],
        comment: ['{0} is e.g. "in 5 min"; {1} a time of day'],
      });
    default:
      return assertNever(kind, 'auth kind');
  }
}

function clock(at: number): string {
  return new Date(at).toLocaleTimeString(displayLocale(), {
    hour: '2-digit',
    minute: '2-digit',
  });
}
