package store

// On Linux, Status stats the tracked files relative to their folder
// (fstatat on an open directory) rather than by their whole path: the
// kernel then resolves one name instead of every folder above it, which
// at 3,650 review records is a third of the time the calls take. It lists
// the folder from the same descriptor, parsing the kernel's records in a
// buffer it reuses, and keeps only the names that are not tracked files:
// a folder of 365 records then costs no allocation at all.

import (
	"encoding/binary"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lstatIn runs lstat on each of j.names, tracked files of the folder
// j.dir (an absolute path), into j.out at j.at, as os.Lstat of dir/name
// would: the same size, modification time, mode and inode, and the same
// errors. With j.list it also lists the folder, from the same open
// directory, for Status's search for new files: the folders and the
// files that are not in j.tracked. When j.known, the folder's cached
// listing, has the folder's stat data now, it is the listing. buf is
// scratch space.
func lstatIn(j statJob, buf []byte) folderScan {
	dir, names, out, at := j.dir, j.names, j.out, j.at
	fd, err := openDir(dir)
	if err != nil {
		for i, name := range names {
			out[at[i]] = lstatPath(filepath.Join(dir, name))
		}
		return folderScan{}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	for i, name := range names {
		if err := fstatat(fd, name, &st); err != nil {
			out[at[i]] = fileStat{err: &fs.PathError{Op: "lstat", Path: filepath.Join(dir, name), Err: err}}
			continue
		}
		out[at[i]] = fileStatOfUnix(&st)
	}
	if !j.list {
		return folderScan{}
	}
	known := j.known
	// The folder's stat data is read before it is listed: a change while
	// it is listed makes the next Status list it again. On a file system
	// whose folder times cannot be trusted there is none to keep.
	var scan folderScan
	if err := fstat(fd, &st); err == nil && folderTimesTrusted(fd) {
		scan.stamp = dirStamp{dev: uint64(st.Dev), ino: uint64(st.Ino), msec: int64(st.Mtim.Sec), mns: int64(st.Mtim.Nsec),
			csec: int64(st.Ctim.Sec), cns: int64(st.Ctim.Nsec), size: st.Size, recordable: true}
		if known != nil && known.stamp == scan.stamp {
			scan.extra, scan.listed, scan.cached = known.extra, true, true
			return scan
		}
	}
	for {
		n, err := unix.Getdents(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return folderScan{}
		}
		if n <= 0 {
			scan.listed = true
			return scan
		}
		// Each record is a struct linux_dirent64: inode (8 bytes), offset
		// (8), record length (2), type (1), then the NUL-terminated name.
		for rec := buf[:n]; len(rec) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(rec[16:18]))
			if reclen < 19 || reclen > len(rec) {
				return folderScan{}
			}
			typ, name := rec[18], rec[19:reclen]
			rec = rec[reclen:]
			for k, c := range name {
				if c == 0 {
					name = name[:k]
					break
				}
			}
			if len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			if typ == unix.DT_UNKNOWN {
				// Some file systems leave the type to a stat.
				if err := fstatat(fd, string(name), &st); err == unix.ENOENT {
					continue // gone since it was listed
				} else if err != nil {
					return folderScan{} // Status lists it again, and says why it cannot
				}
				if st.Mode&unix.S_IFMT == unix.S_IFDIR {
					typ = unix.DT_DIR
				}
			}
			if typ == unix.DT_DIR {
				scan.extra = append(scan.extra, dirEntry{name: string(name), dir: true})
			} else if !sortedHas(j.tracked, name) {
				scan.extra = append(scan.extra, dirEntry{name: string(name)})
			}
		}
	}
}

// openDir opens a folder for fstatat and getdents.
func openDir(dir string) (int, error) {
	for {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// fstat is stat of the folder open as fd.
func fstat(fd int, st *unix.Stat_t) error {
	for {
		err := unix.Fstat(fd, st)
		if err != unix.EINTR {
			return err
		}
	}
}

// fstatat is lstat of name in the folder open as fd.
func fstatat(fd int, name string, st *unix.Stat_t) error {
	for {
		err := unix.Fstatat(fd, name, st, unix.AT_SYMLINK_NOFOLLOW)
		if err != unix.EINTR {
			return err
		}
	}
}

// fileStatOfUnix keeps what Status needs of stat data, with the mode as
// os.Lstat gives it.
func fileStatOfUnix(st *unix.Stat_t) fileStat {
	m := fs.FileMode(st.Mode & 0o777)
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFBLK:
		m |= fs.ModeDevice
	case unix.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		m |= fs.ModeDir
	case unix.S_IFIFO:
		m |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		m |= fs.ModeSymlink
	case unix.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if st.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if st.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if st.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return fileStat{size: st.Size, sec: int64(st.Mtim.Sec), nsec: int64(st.Mtim.Nsec), ino: st.Ino, mode: m}
}

// folderTimesTrusted reports whether the file system holding the folder
// open as fd is one whose folders' times change with every name added,
// removed or renamed in them: the local file systems that do it as POSIX
// asks. Network and FUSE file systems may not; on them the folder cache is
// not used, as git leaves its untracked cache off until a test of the
// file system passes. Each folder is asked, for one may be mounted from
// elsewhere.
func folderTimesTrusted(fd int) bool {
	var fs unix.Statfs_t
	if err := unix.Fstatfs(fd, &fs); err != nil {
		return false
	}
	switch uint32(fs.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.TMPFS_MAGIC,
		unix.F2FS_SUPER_MAGIC, unix.BCACHEFS_SUPER_MAGIC, unix.OVERLAYFS_SUPER_MAGIC, zfsSuperMagic:
		return true
	}
	return false
}

// zfsSuperMagic is OpenZFS's file system type; golang.org/x/sys does not
// name it.
const zfsSuperMagic = 0x2fc12fc1
