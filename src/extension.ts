// Entry point: wires objects together and returns a small API for integration tests. No logic here.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wired in the adapter issue.
}

export function deactivate(): void {}
