import type { FeatureKind } from '../../shared/features';

/** A feature as GET /api/features answers it. */
export interface Feature {
  id: number;
  key: string;
  name: string;
  kind: FeatureKind;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}
