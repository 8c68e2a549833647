var l = [1, 2;
