import { readFileSync } from 'node:fs';
import type { IdentityRepository } from '../store/IdentityRepository.ts';
import { Matcher, type MatchingSettings } from './Matcher.ts';
import { compileModel, type MatchModel } from './MatchModel.ts';

/** A model as stored, with whether it is the active one. */
export interface StoredModel {
  version: string;
  createdAt: string;
  active: boolean;
  model: MatchModel;
}

const DEFAULT_MODEL_URL = new URL('./defaultModel.json', import.meta.url);

/** The model shipped with the project (trained on the demo data set by `npm run identity:train -- --demo`). */
export function loadDefaultModel(): MatchModel {
  return JSON.parse(readFileSync(DEFAULT_MODEL_URL, 'utf8')) as MatchModel;
}

/**
 * Which trained model ingestion uses: the active `(:MatchModel)` in Neo4j, or the shipped default
 * when none is stored. Models are versioned and kept; activating one switches every later
 * resolution to it. One registry per identity subgraph process.
 */
export class MatchModelRegistry {
  private matcher: Matcher | null = null;

  constructor(
    private readonly repository: IdentityRepository,
    private readonly settings: MatchingSettings,
    private readonly region: string,
  ) {}

  /** The matcher of the active model (cached until `store` or `activate` changes it). */
  async current(): Promise<Matcher> {
    if (this.matcher) return this.matcher;
    const active = (await this.repository.matchModels()).find((m) => m.active);
    this.matcher = new Matcher(active ? (JSON.parse(active.json) as MatchModel) : loadDefaultModel(), this.settings, this.region);
    return this.matcher;
  }

  /** Stores a model (checked first); `activate` makes it current. */
  async store(model: MatchModel, activate: boolean): Promise<void> {
    compileModel(model);
    await this.repository.saveMatchModel(model, activate);
    if (activate) this.matcher = new Matcher(model, this.settings, this.region);
  }

  /** Activates a stored version; false when there is no such version. */
  async activate(version: string): Promise<boolean> {
    const stored = (await this.repository.matchModels()).find((m) => m.version === version);
    if (!stored) return false;
    const model = JSON.parse(stored.json) as MatchModel;
    await this.repository.saveMatchModel(model, true);
    this.matcher = new Matcher(model, this.settings, this.region);
    return true;
  }

  async list(): Promise<StoredModel[]> {
    const stored = await this.repository.matchModels();
    const rows = stored.map((m) => ({ version: m.version, createdAt: m.createdAt, active: m.active, model: JSON.parse(m.json) as MatchModel }));
    if (!rows.some((r) => r.active)) {
      const fallback = loadDefaultModel();
      rows.push({ version: fallback.version, createdAt: fallback.createdAt, active: true, model: fallback });
    }
    return rows;
  }
}
