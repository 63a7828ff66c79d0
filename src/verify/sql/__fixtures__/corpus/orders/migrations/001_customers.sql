CREATE TABLE customers (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (
  id BIGSERIAL PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE RESTRICT, -- expect: sql/foreign-key-without-index
  coupon_id BIGINT, -- expect: sql/nullable-foreign-key
  total_cents INTEGER NOT NULL
);
CREATE TABLE coupons (id BIGSERIAL PRIMARY KEY, code TEXT NOT NULL UNIQUE);
ALTER TABLE orders ADD CONSTRAINT orders_coupon_id_fkey FOREIGN KEY (coupon_id) REFERENCES coupons (id) ON DELETE SET NULL;
CREATE INDEX orders_coupon_id_idx ON orders (coupon_id);
CREATE TABLE order_lines (
  id BIGSERIAL PRIMARY KEY,
  order_id BIGINT NOT NULL REFERENCES orders (id), -- expect: sql/foreign-key-without-on-delete
  quantity INTEGER NOT NULL
);
CREATE INDEX order_lines_order_id_idx ON order_lines (order_id);
