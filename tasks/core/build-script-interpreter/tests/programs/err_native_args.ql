print substr("hello", 1, 9);
