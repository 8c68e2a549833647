print super.x;
