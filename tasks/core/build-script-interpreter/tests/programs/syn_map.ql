var m = {"a" 1};
