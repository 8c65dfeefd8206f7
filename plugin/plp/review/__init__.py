"""The teacher's review loop: what a pull request changed, in words; who may change what;
one comment per pull request; review feedback kept in the student's folder."""
