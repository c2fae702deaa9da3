package store

// file:// and plain-path remotes are served in-process, so that myos never
// needs a git binary: go-git's own file transport runs git-upload-pack and
// git-receive-pack. go-git's embedded server is used instead, with two
// changes that a remote shared by several machines needs:
//
//   - A ref moves by compare-and-swap under git's own lock file
//     (refs/heads/main.lock), written whole and renamed into place. go-git's
//     server overwrites the ref with whatever the client sends, so two
//     pushes at once could each think they won and one commit would be lost.
//   - A non-bare repository is read from its .git folder; pushing to the
//     branch it has checked out is refused, as git does, because its work
//     tree would silently fall behind its HEAD.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
	"github.com/go-git/go-git/v5/utils/ioutil"
)

func init() {
	client.InstallProtocol("file", fileTransport{})
}

// fileTransport serves file:// endpoints from the local file system.
type fileTransport struct{}

// localRepo is a repository on this machine, opened for one session.
// Its objects are read as the store reads its own (see rereadStorage):
// the repository may be an OS whose own myos packs it while a fetch from
// it reads, and the session would look for an object where it was when
// the session began ("fetch: object not found").
type localRepo struct {
	gitDir  string
	bare    bool
	storage rereadStorage
}

// openLocal opens the repository at an endpoint's path: a bare repository,
// or the .git folder of a work tree.
func openLocal(ep *transport.Endpoint) (*localRepo, error) {
	if ep.Host != "" && !strings.EqualFold(ep.Host, "localhost") {
		// file://nas/srv/os.git names another machine's file, not this
		// one's /srv/os.git.
		return nil, fmt.Errorf("file://%s%s names a file on another machine (%s): give a path here, or a URL the other machine serves (ssh://, https://)", ep.Host, ep.Path, ep.Host)
	}
	dir := LocalURLPath(ep.Path)
	if dir == "" {
		return nil, transport.ErrRepositoryNotFound
	}
	gitDir, bare := dir, true
	if fi, err := os.Stat(filepath.Join(dir, ".git")); err == nil && fi.IsDir() {
		gitDir, bare = filepath.Join(dir, ".git"), false
	}
	if _, err := os.Stat(filepath.Join(gitDir, "HEAD")); err != nil {
		return nil, transport.ErrRepositoryNotFound
	}
	if _, err := os.Stat(filepath.Join(gitDir, "objects")); err != nil {
		return nil, transport.ErrRepositoryNotFound
	}
	clearStaleRefLocks(gitDir)
	// Through idxFS, as the store reads its own: a pack a killed git left
	// without its index is skipped rather than failing every read.
	st := filesystem.NewStorageWithOptions(idxFS{Filesystem: osfs.New(gitDir), root: gitDir}, cache.NewObjectLRUDefault(),
		filesystem.Options{MaxOpenDescriptors: 8})
	return &localRepo{gitDir: gitDir, bare: bare, storage: newRereadStorage(st)}, nil
}

// loader hands go-git's server the storage that was already opened.
type loader struct{ st storer.Storer }

func (l loader) Load(*transport.Endpoint) (storer.Storer, error) { return l.st, nil }

func (fileTransport) NewUploadPackSession(ep *transport.Endpoint, auth transport.AuthMethod) (transport.UploadPackSession, error) {
	lr, err := openLocal(ep)
	if err != nil {
		return nil, err
	}
	s, err := server.NewClient(loader{lr.storage}).NewUploadPackSession(ep, auth)
	if err != nil {
		lr.storage.Close()
		return nil, err
	}
	return &uploadSession{UploadPackSession: s, repo: lr}, nil
}

func (fileTransport) NewReceivePackSession(ep *transport.Endpoint, auth transport.AuthMethod) (transport.ReceivePackSession, error) {
	lr, err := openLocal(ep)
	if err != nil {
		return nil, err
	}
	s, err := server.NewClient(loader{lr.storage}).NewReceivePackSession(ep, auth)
	if err != nil {
		lr.storage.Close()
		return nil, err
	}
	return &receiveSession{ReceivePackSession: s, repo: lr}, nil
}

// advertised lists the repository's refs as go-git's server does. The
// storage leaves out git's lock files (see refLockPath); a ref that a
// go-git program writes in place is empty for a moment, and is waited out.
func advertised(ctx context.Context, s transport.Session) (*packp.AdvRefs, error) {
	for attempt := 0; ; attempt++ {
		ar, err := s.AdvertisedReferencesContext(ctx)
		if errors.Is(err, dotgit.ErrEmptyRefFile) && attempt < 80 {
			time.Sleep(25 * time.Millisecond)
			continue
		}
		return ar, err
	}
}

type uploadSession struct {
	transport.UploadPackSession
	repo *localRepo
}

func (s *uploadSession) AdvertisedReferences() (*packp.AdvRefs, error) {
	return advertised(context.Background(), s.UploadPackSession)
}

func (s *uploadSession) AdvertisedReferencesContext(ctx context.Context) (*packp.AdvRefs, error) {
	return advertised(ctx, s.UploadPackSession)
}

// UploadPack sends what the client wants. go-git's server fails with
// "object not found" on a "have" it does not know — a commit the client
// made and never pushed, which is exactly what a machine syncing after
// local work has — where git just ignores it. And it walks the whole
// history of the haves to leave out what the client has: the objects are
// chosen by sendable instead. A request for a shallow history is left to
// go-git's server, as before.
func (s *uploadSession) UploadPack(ctx context.Context, req *packp.UploadPackRequest) (*packp.UploadPackResponse, error) {
	req.Haves = s.repo.storage.present(req.Haves)
	if len(req.Shallows) > 0 || req.Depth != nil && req.Depth != packp.DepthCommits(0) {
		return s.UploadPackSession.UploadPack(ctx, req)
	}
	if req.IsEmpty() {
		return nil, transport.ErrEmptyUploadPackRequest
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	objs, err := sendable(s.repo.storage, req.Wants, req.Haves)
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	go writePack(pw, s.repo.storage, objs, false)
	return packp.NewUploadPackResponseWithPackfile(req, ioutil.NewContextReadCloser(ctx, pr)), nil
}

// writePack encodes objs of s into pw, a pipe to the other side, and
// closes it with the encoder's error. The encoder writes an object's
// header and its data in small writes, and each write through a pipe is
// one read of go-git's context reader on the other side, which allocates
// a buffer the size of its own for every read: 3.8 GB for a clone or a
// first push of ten years, whose pack is 5 MB. Written in pieces of
// pipeChunk, it is a few hundred reads (a clone from a folder: 4.3 s and
// 4.6 GB allocated before, 2.7 s and 0.8 GB after).
func writePack(pw *io.PipeWriter, s storer.EncodedObjectStorer, objs []plumbing.Hash, refDeltas bool) error {
	bw := bufio.NewWriterSize(pw, pipeChunk)
	_, err := packfile.NewEncoder(bw, s, refDeltas).Encode(objs, packWindow)
	if err == nil {
		err = bw.Flush()
	}
	pw.CloseWithError(err)
	return err
}

// pipeChunk is the size of the writes a pack is sent in.
const pipeChunk = 64 << 10

// packWindow is how many objects back a pack sent to a remote looks for
// a delta base, as git's and go-git's default.
const packWindow = 10

func (s *uploadSession) Close() error {
	err := s.UploadPackSession.Close()
	if cerr := s.repo.storage.Close(); err == nil {
		err = cerr
	}
	return err
}

type receiveSession struct {
	transport.ReceivePackSession
	repo *localRepo
}

func (s *receiveSession) AdvertisedReferences() (*packp.AdvRefs, error) {
	return advertised(context.Background(), s.ReceivePackSession)
}

func (s *receiveSession) AdvertisedReferencesContext(ctx context.Context) (*packp.AdvRefs, error) {
	return advertised(ctx, s.ReceivePackSession)
}

func (s *receiveSession) Close() error {
	err := s.ReceivePackSession.Close()
	if cerr := s.repo.storage.Close(); err == nil {
		err = cerr
	}
	return err
}

// refLock is git's lock file for one ref, held while it is checked and
// moved.
type refLock struct {
	name plumbing.ReferenceName
	path string // the loose ref file
	f    *os.File
}

// ReceivePack stores the pushed objects and moves each ref only if it still
// has the value the client saw (cmd.Old), all or nothing: either every ref
// moves or none does.
func (s *receiveSession) ReceivePack(ctx context.Context, req *packp.ReferenceUpdateRequest) (*packp.ReportStatus, error) {
	rs := packp.NewReportStatus()
	rs.UnpackStatus = "ok"
	reject := func(why string) (*packp.ReportStatus, error) {
		// The client encodes the pack while we read it: drain it so that
		// its writer ends, and report every command as refused.
		if req.Packfile != nil {
			io.Copy(io.Discard, req.Packfile)
			req.Packfile.Close()
		}
		for _, cmd := range req.Commands {
			rs.CommandStatuses = append(rs.CommandStatuses, &packp.CommandStatus{ReferenceName: cmd.Name, Status: why})
		}
		return rs, nil
	}

	for _, cmd := range req.Commands {
		if cmd.Action() == packp.Delete {
			return reject("deleting refs is not supported")
		}
		if err := cmd.Name.Validate(); err != nil || !cmd.Name.IsBranch() && !cmd.Name.IsTag() {
			return reject("invalid ref name")
		}
		if !s.repo.bare {
			if head, err := s.repo.storage.Reference(plumbing.HEAD); err == nil && head.Type() == plumbing.SymbolicReference && head.Target() == cmd.Name {
				return reject("branch is checked out in a work tree; push to a bare repository (git init --bare)")
			}
		}
	}

	// A push killed between the server's write of a pack's index and the
	// rename of its pack left the index, often cut short; the same push
	// again sends the same pack, and go-git would keep that index beside
	// it. Such an index goes (see removeBrokenOrphanIndexes).
	packDir := filepath.Join(s.repo.gitDir, "objects", "pack")
	if entries, err := os.ReadDir(packDir); err == nil {
		removeBrokenOrphanIndexes(packDir, entries, time.Now().Add(-orphanIndexAge))
	}

	// Store the objects first, as git does, and lock the refs only for the
	// moment they are checked and moved: a push killed while it sends
	// leaves no lock behind to block every later fetch and push. (The
	// embedded server stores objects when it is given no ref to update.)
	objects := *req
	objects.Commands = nil
	if _, err := s.ReceivePackSession.ReceivePack(ctx, &objects); err != nil {
		rs.UnpackStatus = err.Error()
		return rs, err
	}

	var locks []*refLock
	defer func() {
		for _, l := range locks {
			if l.f != nil {
				l.f.Close()
				os.Remove(l.path + ".lock")
			}
		}
	}()
	for _, cmd := range req.Commands {
		l := &refLock{name: cmd.Name, path: filepath.Join(s.repo.gitDir, filepath.FromSlash(string(cmd.Name)))}
		if err := os.MkdirAll(filepath.Dir(l.path), 0o755); err != nil {
			return reject("failed to lock: " + err.Error())
		}
		var err error
		for attempt := 0; attempt < 40; attempt++ {
			l.f, err = createExclusive(l.path + ".lock")
			if !errors.Is(err, os.ErrExist) {
				break
			}
			time.Sleep(25 * time.Millisecond) // another push is finishing
		}
		if err != nil {
			return reject("failed to lock")
		}
		locks = append(locks, l)
	}
	for _, cmd := range req.Commands {
		var cur plumbing.Hash
		ref, err := s.repo.storage.Reference(cmd.Name)
		switch {
		case errors.Is(err, plumbing.ErrReferenceNotFound):
		case err != nil:
			return reject("failed to read ref: " + err.Error())
		default:
			cur = ref.Hash()
		}
		if cur != cmd.Old {
			return reject("fetch first: the remote ref moved")
		}
	}

	for _, cmd := range req.Commands {
		if _, err := s.repo.storage.EncodedObject(plumbing.CommitObject, cmd.New); err != nil {
			return reject(fmt.Sprintf("missing object %s", cmd.New))
		}
	}

	dirs := map[string]bool{}
	for _, l := range locks {
		var cmdNew plumbing.Hash
		for _, cmd := range req.Commands {
			if cmd.Name == l.name {
				cmdNew = cmd.New
			}
		}
		status := "ok"
		if err := commitRefLock(l, cmdNew); err != nil {
			status = "failed to update ref: " + err.Error()
		}
		dirs[filepath.Dir(l.path)] = true
		rs.CommandStatuses = append(rs.CommandStatuses, &packp.CommandStatus{ReferenceName: l.name, Status: status})
	}
	if err := syncDirs(dirs); err != nil {
		return rs, err
	}
	return rs, nil
}

// commitRefLock writes the new value into the lock file and renames it over
// the ref.
func commitRefLock(l *refLock, h plumbing.Hash) error {
	f := l.f
	l.f = nil
	if _, err := f.WriteString(h.String() + "\n"); err != nil {
		f.Close()
		os.Remove(l.path + ".lock")
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(l.path + ".lock")
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(l.path + ".lock")
		return err
	}
	if err := os.Rename(l.path+".lock", l.path); err != nil {
		os.Remove(l.path + ".lock")
		return err
	}
	return nil
}

// LocalURLPath is the folder the path of a file:// URL names here. On
// Windows, file:///C:/Users/os.git has the path /C:/Users/os.git: the
// folder is C:/Users/os.git.
func LocalURLPath(p string) string {
	return urlPath(p, runtime.GOOS == "windows")
}

// urlPath is LocalURLPath on a system that is Windows or not.
func urlPath(p string, windows bool) string {
	if windows && len(p) >= 3 && p[0] == '/' && p[2] == ':' && 'a' <= p[1]|0x20 && p[1]|0x20 <= 'z' {
		return p[1:]
	}
	return p
}
