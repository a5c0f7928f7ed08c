-- Who said what, rolled up: for each row of said_queries (qid, a, b, start_day), the
-- statements spoken by actor `a` or by any actor under it in the hierarchy, that
-- name actor `b` as a target, dated in the 30 days start_day .. start_day + 29
-- (a statement dated only to the month or year counts when its span overlaps).
-- Tables: actors, actor_ancestors, statements, statement_targets (docs/scale-out.md).
SELECT q.qid, count(DISTINCT s.id) AS statements
FROM said_queries q
JOIN actors a ON a.key = q.a
JOIN actors b ON b.key = q.b
JOIN actor_ancestors up ON up.ancestor = a.id
JOIN statements s ON s.speaker = up.actor
JOIN statement_targets t ON t.statement = s.id AND t.target = b.id
WHERE s.day_last >= q.start_day AND s.day_first <= q.start_day + 29
GROUP BY q.qid
