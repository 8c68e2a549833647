-- join
SELECT c.name, o.id, o.qty FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.city = 'Oslo' ORDER BY o.id;
-- left join anti-join
SELECT c.id, c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'returned' WHERE o.id IS NULL;
-- three-way join with aggregate
SELECT p.category, COUNT(*), SUM(o.qty * p.price) FROM orders o JOIN products p ON p.id = o.product_id JOIN customers c ON c.id = o.customer_id WHERE c.segment = 'smb' GROUP BY p.category ORDER BY 3 DESC;
-- correlated scalar subquery
SELECT c.id, c.name, (SELECT SUM(o.qty) FROM orders o WHERE o.customer_id = c.id) AS total FROM customers c ORDER BY total DESC, c.id LIMIT 20;
-- correlated exists
SELECT COUNT(*) FROM customers c WHERE EXISTS (SELECT o.id FROM orders o WHERE o.customer_id = c.id AND o.status = 'cancelled');
-- uncorrelated IN subquery
SELECT o.id, o.qty FROM orders o WHERE o.product_id IN (SELECT p.id FROM products p WHERE p.category = 'toys') AND o.qty > 10;
-- expression-heavy scan
SELECT e.id, CASE WHEN e.score > 70 THEN 'high' WHEN e.score > 40 THEN 'mid' ELSE 'low' END, ROUND(e.score * 1.5 - e.ts % 7, 2) FROM events e WHERE e.kind IN ('view', 'click') AND e.ts BETWEEN 100000 AND 900000 AND e.score IS NOT NULL;
-- LIKE scan
SELECT COUNT(*), AVG(e.score) FROM events e WHERE e.payload LIKE '%gamma%delta%';
-- group by many groups
SELECT e.customer_id, e.kind, COUNT(*), MAX(e.score) FROM events e GROUP BY e.customer_id, e.kind HAVING COUNT(*) > 3;
-- sort
SELECT e.id, e.score, e.payload FROM events e ORDER BY e.payload DESC, e.score, e.id LIMIT 50;
-- distinct
SELECT DISTINCT e.customer_id, e.kind FROM events e WHERE e.score > 30;
