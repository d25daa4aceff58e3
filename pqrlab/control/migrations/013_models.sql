-- The model registry: every trained enricher version, its card's metrics on both evaluation sets
-- (the templates' held-out seed and the hand-written set), and which version Silver uses by default.
CREATE TABLE IF NOT EXISTS meta.models (
    name         text NOT NULL,
    version      text NOT NULL,
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    metrics      jsonb NOT NULL DEFAULT '{}'::jsonb,  -- {"templates": {...}, "handwritten": {...}}
    trained_at   timestamptz NOT NULL DEFAULT now(),
    trained_by   text,
    promoted_by  text,
    promoted_at  timestamptz,
    is_promoted  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (name, version),
    CHECK (NOT is_promoted OR (promoted_by IS NOT NULL AND promoted_at IS NOT NULL))
);
-- at most one promoted version in the whole registry: Silver's default enricher
CREATE UNIQUE INDEX IF NOT EXISTS models_one_promoted ON meta.models (is_promoted) WHERE is_promoted;
-- the pipeline registers and promotes; analysts read the registry like the rest of meta
GRANT SELECT, INSERT, UPDATE, DELETE ON meta.models TO service_role, pqr_pipeline;
GRANT SELECT ON meta.models TO pqr_analyst;
