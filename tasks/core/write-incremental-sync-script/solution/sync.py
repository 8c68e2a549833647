#!/usr/bin/env python3
"""Reference solution: rsync-like one-way mirror with quick-check, excludes, --delete and -n."""
import fnmatch
import os
import shutil
import stat
import sys


def usage(msg):
    print(f"sync: {msg}\nusage: sync [-n] [--delete] [--exclude PATTERN]... SRC DST", file=sys.stderr)
    sys.exit(2)


def parse(argv):
    dry = delete = False
    excludes, pos = [], []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-n":
            dry = True
        elif a == "--delete":
            delete = True
        elif a == "--exclude":
            if i + 1 >= len(argv):
                usage("--exclude needs a pattern")
            excludes.append(argv[i + 1])
            i += 1
        elif a == "--":
            pos.extend(argv[i + 1:])
            break
        elif a.startswith("-") and a != "-":
            usage(f"unknown option {a}")
        else:
            pos.append(a)
        i += 1
    if len(pos) != 2:
        usage("need SRC and DST")
    return dry, delete, excludes, pos[0], pos[1]


class Syncer:
    def __init__(self, dry, delete, excludes):
        self.dry, self.delete, self.excludes = dry, delete, excludes

    def emit(self, action, rel):
        sys.stdout.write(f"{action} {rel}\n")

    def excluded(self, name):
        return any(fnmatch.fnmatchcase(name, p) for p in self.excludes)

    def remove(self, path, st, rel):
        self.emit("delete", rel)
        if self.dry:
            return
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(path)
        else:
            os.unlink(path)

    def copy_file(self, s, d, sst, rel):
        self.emit("copy", rel)
        if self.dry:
            return
        tmp = os.path.join(os.path.dirname(d), f".{os.path.basename(d)}.sync-tmp-{os.getpid()}")
        with open(s, "rb") as fi, open(tmp, "wb") as fo:
            shutil.copyfileobj(fi, fo, 1 << 20)
        os.chmod(tmp, stat.S_IMODE(sst.st_mode))
        os.utime(tmp, ns=(sst.st_atime_ns, sst.st_mtime_ns))
        os.replace(tmp, d)

    def make_link(self, s, d, rel):
        self.emit("link", rel)
        if not self.dry:
            os.symlink(os.readlink(s), d)

    def sync_dir(self, src, dst, rel, dst_exists):
        src_names = {}
        for name in os.listdir(src):
            if self.excluded(name):
                continue
            st = os.lstat(os.path.join(src, name))
            if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
                src_names[name] = st
        dst_names = {}
        if dst_exists:
            for name in os.listdir(dst):
                if not self.excluded(name):
                    dst_names[name] = os.lstat(os.path.join(dst, name))
        if self.delete:
            for name in sorted(set(dst_names) - set(src_names)):
                self.remove(os.path.join(dst, name), dst_names[name], rel + name)
        for name in sorted(src_names):
            s, d, r = os.path.join(src, name), os.path.join(dst, name), rel + name
            sst, dst_st = src_names[name], dst_names.get(name)
            if stat.S_ISDIR(sst.st_mode):
                if dst_st is not None and stat.S_ISDIR(dst_st.st_mode):
                    self.sync_dir(s, d, r + "/", True)
                    continue
                if dst_st is not None:
                    self.remove(d, dst_st, r)
                self.emit("mkdir", r)
                if not self.dry:
                    os.mkdir(d)
                    os.chmod(d, 0o700)
                self.sync_dir(s, d, r + "/", not self.dry)
                if not self.dry:
                    os.chmod(d, stat.S_IMODE(sst.st_mode))
            elif stat.S_ISREG(sst.st_mode):
                if dst_st is not None and stat.S_ISREG(dst_st.st_mode):
                    if dst_st.st_size == sst.st_size and int(dst_st.st_mtime) == int(sst.st_mtime):
                        continue
                elif dst_st is not None:
                    self.remove(d, dst_st, r)
                self.copy_file(s, d, sst, r)
            else:
                target = os.readlink(s)
                if dst_st is not None and stat.S_ISLNK(dst_st.st_mode):
                    if os.readlink(d) == target:
                        continue
                    if not self.dry:
                        os.unlink(d)
                elif dst_st is not None:
                    self.remove(d, dst_st, r)
                self.make_link(s, d, r)


def main():
    dry, delete, excludes, src, dst = parse(sys.argv[1:])
    if not os.path.isdir(src):
        usage(f"SRC is not a directory: {src}")
    if os.path.lexists(dst) and not os.path.isdir(dst):
        usage(f"DST exists and is not a directory: {dst}")
    dst_exists = os.path.isdir(dst)
    if not dst_exists and not dry:
        os.makedirs(dst)
        dst_exists = True
    Syncer(dry, delete, excludes).sync_dir(src, dst, "", dst_exists)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
