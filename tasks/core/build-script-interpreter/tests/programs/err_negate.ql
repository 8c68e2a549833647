print -"x";
