// A typed VS Code context key (for `when` clauses) that only calls `setContext` when its value changes.
import * as vscode from 'vscode';

export class ContextKey<T extends string | number | boolean> {
  private value: T | undefined;

  constructor(readonly name: string) {}

  async set(value: T): Promise<void> {
    if (this.value === value) return;
    this.value = value;
    await vscode.commands.executeCommand('setContext', this.name, value);
  }

  get(): T | undefined {
    return this.value;
  }
}
