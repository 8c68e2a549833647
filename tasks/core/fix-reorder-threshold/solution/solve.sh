#!/bin/bash
set -e
cd /app
sed -i 's/return item.quantity < item.reorder_level/return item.quantity <= item.reorder_level/' stockkeeper/inventory.py
grep -q 'item.quantity <= item.reorder_level' stockkeeper/inventory.py
