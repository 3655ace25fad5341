/**
 * Settings arrive through workspace/configuration, asked for per document (scopeUri)
 * and cached per document; a didChangeConfiguration clears the cache. Never global.
 */
import type { Connection } from 'vscode-languageserver/node';

export interface BpflsSettings {
  /** 'auto' follows the client's locale. */
  docsLanguage: 'auto' | 'en' | 'zh-CN';
  /** e.g. "5.15"; empty = no target kernel check. */
  targetKernel: string;
  /** Extra directories for `#include "..."`. */
  includePaths: string[];
}

export const DEFAULT_SETTINGS: BpflsSettings = { docsLanguage: 'auto', targetKernel: '', includePaths: [] };

export function normalizeSettings(raw: unknown): BpflsSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const lang = r.docsLanguage;
  return {
    docsLanguage: lang === 'en' || lang === 'zh-CN' ? lang : lang === 'zh' || lang === 'zh-cn' ? 'zh-CN' : 'auto',
    targetKernel: typeof r.targetKernel === 'string' && /^\d+\.\d+$/.test(r.targetKernel.trim()) ? r.targetKernel.trim() : '',
    includePaths: Array.isArray(r.includePaths) ? r.includePaths.filter((p): p is string => typeof p === 'string') : [],
  };
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<BpflsSettings>>();
  constructor(
    private readonly connection: Connection,
    private readonly supported: () => boolean,
  ) {}

  get(uri: string): Promise<BpflsSettings> {
    if (!this.supported()) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'bpfls' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, s);
    }
    return s;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
