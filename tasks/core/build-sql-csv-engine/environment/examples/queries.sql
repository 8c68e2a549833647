SELECT p.name, t.title FROM people p LEFT JOIN teams t ON p.team_id = t.id ORDER BY p.id;
SELECT team_id, COUNT(*), AVG(score) FROM people GROUP BY team_id ORDER BY 1;
SELECT 7 / 2, 7.0 / 2, NULL IS NULL, 'a' || 1;
SELECT nosuch FROM people;
