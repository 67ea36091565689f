-- Realistic rows for throughput benchmarks: uuids, timestamps, e-mail addresses, money, status words, free text from
-- a vocabulary and JSON documents. About 3-4:1 with zstd, unlike pgbench's tables (about 50:1), which would flatter
-- any compressor. :rows and :table are set by the caller (psql -v rows=N -v table=events).
create table if not exists :"table" (
    id            uuid primary key,
    occurred_at   timestamptz not null,
    customer      text not null,
    amount        numeric(12,2) not null,
    status        text not null,
    message       text not null,
    attributes    jsonb not null
);
insert into :"table"
select gen_random_uuid(),
       timestamptz '2025-01-01' + g * interval '1 second' + random() * interval '1 hour',
       'user' || (random() * 100000)::int || '@example' || (g % 50) || '.com',
       round((random() * 10000)::numeric, 2),
       (array['new','paid','shipped','refunded','cancelled'])[1 + g % 5],
       (select string_agg(w, ' ')
          from (select (array['order','payment','shipped','customer','warehouse','delayed','invoice','refund','priority',
                              'express','standard','address','updated','confirmed','cancelled','retry','timeout','gateway',
                              'approved','declined','fraud','check','passed','failed','label','printed','carrier','pickup',
                              'scheduled','delivered','returned','damaged','replacement','credit','note','agent','ticket',
                              'escalated','resolved','pending','review','stock','reserved','released','backorder','split',
                              'merged','discount','coupon','applied','tax','region','currency','converted','batch','export',
                              'import','sync','audit','trail'])[1 + (random() * 59)::int] as w
                  from generate_series(1, 6 + (g % 14))) words) || ' #' || (random() * 1e6)::int,
       jsonb_build_object('channel', (array['web','mobile','api','pos'])[1 + g % 4],
                          'items', 1 + (random() * 9)::int,
                          'session', md5(g::text),
                          'ip', '10.' || g % 256 || '.' || (g / 256) % 256 || '.' || (random() * 255)::int,
                          'latency_ms', round((random() * 800)::numeric, 1))
from generate_series(1, :rows) g;
analyze :"table";
