for (var i = 0; i < 3 i = i + 1) print i;
