// The check settings, read at the moment of each run so a change applies to the next run.
import * as vscode from 'vscode';
import { DEFAULT_LIMITS, type RunLimits } from '../../core/checks/types';

const SECTION = 'interviewDrills';

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function runLimits(): RunLimits {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    timeMs: positive(config.get('checks.timeLimitMs'), DEFAULT_LIMITS.timeMs),
    memoryMb: positive(config.get('checks.memoryLimitMb'), DEFAULT_LIMITS.memoryMb),
    outputBytes: positive(config.get('checks.outputLimitBytes'), DEFAULT_LIMITS.outputBytes),
  };
}

/**
 * The Python interpreter. The setting is machine-scoped, so VS Code only takes it from the user's
 * own settings: a workspace cannot point it at a program of its own.
 */
export function pythonPath(): string {
  const chosen = vscode.workspace.getConfiguration(SECTION).get<unknown>('pythonPath');
  return typeof chosen === 'string' && chosen.trim().length > 0 ? chosen.trim() : 'python3';
}

export function watchMode(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('checks.watch', false) === true;
}

/** Bounds of a SQL run (checks and Run query): PostgreSQL's statement timeout, from the settings. */
export function sqlLimits(): { statementTimeoutMs: number } {
  const seconds = positive(vscode.workspace.getConfiguration(SECTION).get('sql.statementTimeoutSeconds'), 5);
  return { statementTimeoutMs: Math.round(Math.min(seconds, 3600) * 1000) };
}

/** How long the PostgreSQL worker may sit idle before it is ended and its memory returned, in ms. */
export function sqlIdleMs(): number {
  const minutes = positive(vscode.workspace.getConfiguration(SECTION).get('sql.idleMinutes'), 5);
  return Math.round(Math.min(minutes, 24 * 60) * 60_000);
}
