// A multi-step quick input: each step shows one quick pick or input box and returns the next step; a
// Back button on every step after the first re-runs the previous one. After the pattern of
// vscode-extension-samples' quickinput-sample. Knows nothing about exports.

import * as vscode from 'vscode';

/** Thrown inside a step to leave it; never escapes `MultiStepInput.run`. */
class InputFlowAction extends Error {
  static readonly back = new InputFlowAction('back');
  static readonly cancel = new InputFlowAction('cancel');
  private constructor(action: string) {
    super(`input flow: ${action}`);
  }
}

export type InputStep = (input: MultiStepInput) => Promise<InputStep | undefined>;

export interface QuickPickStep<T extends vscode.QuickPickItem> {
  readonly title: string;
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly activeItem?: T;
  /**
   * For items shown but not choosable (e.g. a range too long for the kind): the reason, which
   * replaces the placeholder while the picker stays open.
   */
  readonly rejectReason?: (item: T) => string | undefined;
}

export interface InputBoxStep {
  readonly title: string;
  readonly prompt: string;
  readonly value: string;
  readonly placeholder?: string;
  /** Runs on every keystroke and on Enter; a message blocks accepting and is shown inline. */
  readonly validate: (value: string) => string | undefined;
}

/** Lets tests and screenshots see each quick input as it is shown (0-based index of the step run). */
export type OnDidShowInput = (input: vscode.QuickInput, stepsRun: number) => void;

export class MultiStepInput {
  /** Runs the steps from `start`; true when the last step completed, false on Escape / focus loss. */
  static async run(start: InputStep, onDidShow?: OnDidShowInput): Promise<boolean> {
    return new MultiStepInput(onDidShow).stepThrough(start);
  }

  private current?: vscode.QuickInput;
  private readonly steps: InputStep[] = [];
  private shown = 0;

  private constructor(private readonly onDidShow?: OnDidShowInput) {}

  private async stepThrough(start: InputStep): Promise<boolean> {
    let step: InputStep | undefined = start;
    let completed = false;
    try {
      while (step) {
        this.steps.push(step);
        if (this.current) {
          this.current.enabled = false;
          this.current.busy = true;
        }
        try {
          step = await step(this);
          if (!step) completed = true;
        } catch (err) {
          if (err === InputFlowAction.back) {
            this.steps.pop();
            step = this.steps.pop();
          } else if (err === InputFlowAction.cancel) {
            step = undefined;
          } else {
            throw err;
          }
        }
      }
    } finally {
      this.current?.dispose();
    }
    return completed;
  }

  async showQuickPick<T extends vscode.QuickPickItem>(params: QuickPickStep<T>): Promise<T> {
    const disposables: vscode.Disposable[] = [];
    try {
      return await new Promise<T>((resolve, reject) => {
        const input = vscode.window.createQuickPick<T>();
        input.title = params.title;
        input.placeholder = params.placeholder;
        input.items = params.items;
        input.matchOnDescription = true;
        input.matchOnDetail = true;
        if (params.activeItem) input.activeItems = [params.activeItem];
        input.buttons = this.steps.length > 1 ? [vscode.QuickInputButtons.Back] : [];
        disposables.push(
          input.onDidTriggerButton((button) => {
            if (button === vscode.QuickInputButtons.Back) reject(InputFlowAction.back);
          }),
          input.onDidChangeSelection((selected) => {
            const item = selected[0];
            if (!item) return;
            const reason = params.rejectReason?.(item);
            if (reason) {
              input.placeholder = reason;
              input.selectedItems = [];
              return;
            }
            resolve(item);
          }),
          input.onDidHide(() => reject(InputFlowAction.cancel)),
        );
        this.show(input);
      });
    } finally {
      for (const d of disposables) d.dispose();
    }
  }

  async showInputBox(params: InputBoxStep): Promise<string> {
    const disposables: vscode.Disposable[] = [];
    try {
      return await new Promise<string>((resolve, reject) => {
        const input = vscode.window.createInputBox();
        input.title = params.title;
        input.prompt = params.prompt;
        input.value = params.value;
        input.placeholder = params.placeholder;
        input.validationMessage = params.validate(params.value);
        input.buttons = this.steps.length > 1 ? [vscode.QuickInputButtons.Back] : [];
        disposables.push(
          input.onDidTriggerButton((button) => {
            if (button === vscode.QuickInputButtons.Back) reject(InputFlowAction.back);
          }),
          input.onDidChangeValue((text) => {
            input.validationMessage = params.validate(text);
          }),
          input.onDidAccept(() => {
            const message = params.validate(input.value);
            input.validationMessage = message;
            if (!message) resolve(input.value.trim());
          }),
          input.onDidHide(() => reject(InputFlowAction.cancel)),
        );
        this.show(input);
      });
    } finally {
      for (const d of disposables) d.dispose();
    }
  }

  private show(input: vscode.QuickInput): void {
    this.current?.dispose();
    this.current = input;
    input.show();
    this.onDidShow?.(input, this.shown++);
  }
}
