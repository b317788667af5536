-- The local workspace's reactions on messages ([{ "name": "pushpin", "users": ["U…"] }], in the order first added)
-- and each person's Home tab as views.publish last set it.
ALTER TABLE local_messages ADD COLUMN reactions jsonb NOT NULL DEFAULT '[]'::jsonb;

CREATE TABLE local_home_views (
  user_id    text PRIMARY KEY,
  view       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
