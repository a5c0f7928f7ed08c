-- The alignment matrix of the states (shared stance, unit hedge weights): for every
-- state X, the vector over targets T of the mean stance of the statements spoken by
-- X or anyone under it about T (a statement naming T twice counts once, with its
-- mean); alignment(X, Y) is the cosine of the two vectors, 0 when either is all
-- zeros. One row per pair X < Y that shares a target; pairs that share none are 0.
-- Tables: actors, actor_ancestors, statements, statement_targets (docs/scale-out.md).
WITH per_statement AS (
    SELECT statement, target, avg(stance) AS stance
    FROM statement_targets
    GROUP BY statement, target
),
states AS (SELECT id FROM actors WHERE kind = 'state'),
profile AS (
    SELECT up.ancestor AS x, p.target AS t, avg(p.stance) AS v
    FROM per_statement p
    JOIN statements s ON s.id = p.statement
    JOIN actor_ancestors up ON up.actor = s.speaker
    JOIN states ON states.id = up.ancestor
    GROUP BY up.ancestor, p.target
),
norms AS (SELECT x, sqrt(sum(v * v)) AS norm FROM profile GROUP BY x),
dots AS (
    SELECT p1.x AS x, p2.x AS y, sum(p1.v * p2.v) AS dot
    FROM profile p1 JOIN profile p2 ON p1.t = p2.t AND p1.x < p2.x
    GROUP BY p1.x, p2.x
)
SELECT dots.x, dots.y,
       CASE WHEN n1.norm > 0 AND n2.norm > 0 THEN dots.dot / (n1.norm * n2.norm) ELSE 0 END AS alignment
FROM dots JOIN norms n1 ON n1.x = dots.x JOIN norms n2 ON n2.x = dots.y
