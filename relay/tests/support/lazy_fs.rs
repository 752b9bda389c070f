//! A FUSE filesystem that forgets what was not made durable, for power-cut tests (the
//! LazyFS idea). SIGKILL leaves the kernel's page cache intact, so a kill test cannot see a
//! missing fsync; this filesystem keeps every write that no fsync has covered in a
//! volatile layer and throws that layer away at [`LazyFsControl::power_cut`].
//!
//! The model, stricter than ext4 where it matters:
//! - file data (writes, truncations, the length) is durable only once `fsync` or
//!   `fdatasync` of *that* file returns; `sync_file_range` makes nothing durable (it does not
//!   flush the device's cache, and it is not a barrier for the inode);
//! - the namespace (create, mkdir, rename, unlink, rmdir, mode changes) becomes durable at
//!   the next `fsync`, `fdatasync` or `fsyncdir` of anything, as a journalled file system's
//!   global commit makes it; an operation no sync has followed since is undone by a cut;
//! - everything lives in memory; nothing reaches the disk under the mount point.
//!
//! Kernel caches would hide a cut, so every entry and attribute is served with a zero TTL
//! and every file is opened with `FOPEN_DIRECT_IO` (no page cache: each read and write
//! reaches this process). The process writing to the mount must be dead and reaped before
//! a cut, as it would be on a real power loss.

use std::collections::{BTreeMap, HashMap};
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use fuser::{
    AccessFlags, Config, Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags, Generation,
    INodeNo, LockOwner, MountOption, OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData,
    ReplyDirectory, ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow,
    WriteFlags,
};

const PAGE: u64 = 4096;
const TTL: Duration = Duration::ZERO;
const ROOT: u64 = 1;

fn round_up(n: u64) -> u64 {
    n.div_ceil(PAGE) * PAGE
}

/// A file's bytes: what a cut would leave, and what was written since.
#[derive(Default)]
struct FileData {
    durable: HashMap<u64, Box<[u8]>>,
    durable_len: u64,
    /// Pages written since the last sync, whole (copied from `durable` on first write).
    dirty: HashMap<u64, Box<[u8]>>,
    /// Since the last sync, pages from here on read as zeros unless dirty (a truncation).
    hole_from: Option<u64>,
    len: u64,
}

impl FileData {
    fn page(&self, n: u64) -> Option<&[u8]> {
        if let Some(p) = self.dirty.get(&n) {
            return Some(p);
        }
        if self.hole_from.is_some_and(|h| n * PAGE >= h) {
            return None;
        }
        self.durable.get(&n).map(|p| &p[..])
    }

    fn read(&self, offset: u64, size: u64) -> Vec<u8> {
        let end = (offset.saturating_add(size)).min(self.len);
        let mut out = Vec::with_capacity(end.saturating_sub(offset) as usize);
        let mut at = offset;
        while at < end {
            let n = at / PAGE;
            let within = (at % PAGE) as usize;
            let take = ((PAGE - at % PAGE).min(end - at)) as usize;
            match self.page(n) {
                Some(p) => out.extend_from_slice(&p[within..within + take]),
                None => out.resize(out.len() + take, 0),
            }
            at += take as u64;
        }
        out
    }

    fn write(&mut self, offset: u64, data: &[u8]) {
        let mut done = 0usize;
        while done < data.len() {
            let at = offset + done as u64;
            let n = at / PAGE;
            let within = (at % PAGE) as usize;
            let take = (PAGE as usize - within).min(data.len() - done);
            if !self.dirty.contains_key(&n) {
                let base: Box<[u8]> = match self.page(n) {
                    Some(p) => p.into(),
                    None => vec![0u8; PAGE as usize].into(),
                };
                self.dirty.insert(n, base);
            }
            if let Some(page) = self.dirty.get_mut(&n) {
                page[within..within + take].copy_from_slice(&data[done..done + take]);
            }
            done += take;
        }
        self.len = self.len.max(offset + data.len() as u64);
    }

    fn set_len(&mut self, size: u64) {
        if size < self.len {
            if !size.is_multiple_of(PAGE) {
                // Bytes past the new end, in its last page, must read as zeros if the file
                // grows again.
                let page_end = round_up(size).min(self.len);
                self.write(size, &vec![0u8; (page_end - size) as usize]);
            }
            let keep = round_up(size);
            self.dirty.retain(|n, _| n * PAGE < keep);
            self.hole_from = Some(self.hole_from.map_or(keep, |h| h.min(keep)));
        }
        self.len = size;
    }

    fn sync(&mut self) {
        if let Some(h) = self.hole_from.take() {
            self.durable.retain(|n, _| n * PAGE < h);
        }
        self.durable.extend(self.dirty.drain());
        self.durable_len = self.len;
    }

    fn cut(&mut self) {
        self.dirty.clear();
        self.hole_from = None;
        self.len = self.durable_len;
    }
}

struct Inode {
    kind: FileType,
    perm: u16,
    uid: u32,
    gid: u32,
    data: FileData,
}

#[derive(Default)]
struct Counters {
    cuts: u64,
    syncs: u64,
    lost_writes: u64,
}

struct State {
    inodes: HashMap<u64, Inode>,
    next_ino: u64,
    /// (parent, name) -> inode, as the running system sees it.
    names: BTreeMap<(u64, OsString), u64>,
    /// The same, as of the last sync: what a cut goes back to.
    durable_names: BTreeMap<(u64, OsString), u64>,
    handles: HashMap<u64, u64>,
    next_fh: u64,
    /// Writes since the last sync, per inode, for the report.
    unsynced: HashMap<u64, u64>,
    counters: Counters,
}

impl State {
    fn new(uid: u32, gid: u32) -> Self {
        let mut inodes = HashMap::new();
        inodes.insert(
            ROOT,
            Inode {
                kind: FileType::Directory,
                perm: 0o755,
                uid,
                gid,
                data: FileData::default(),
            },
        );
        State {
            inodes,
            next_ino: ROOT + 1,
            names: BTreeMap::new(),
            durable_names: BTreeMap::new(),
            handles: HashMap::new(),
            next_fh: 1,
            unsynced: HashMap::new(),
            counters: Counters::default(),
        }
    }

    fn attr(&self, ino: u64) -> Option<FileAttr> {
        let inode = self.inodes.get(&ino)?;
        let size = match inode.kind {
            FileType::Directory => 0,
            _ => inode.data.len,
        };
        Some(FileAttr {
            ino: INodeNo(ino),
            size,
            blocks: size.div_ceil(512),
            atime: SystemTime::UNIX_EPOCH,
            mtime: SystemTime::UNIX_EPOCH,
            ctime: SystemTime::UNIX_EPOCH,
            crtime: SystemTime::UNIX_EPOCH,
            kind: inode.kind,
            perm: inode.perm,
            nlink: if inode.kind == FileType::Directory {
                2
            } else {
                1
            },
            uid: inode.uid,
            gid: inode.gid,
            rdev: 0,
            blksize: PAGE as u32,
            flags: 0,
        })
    }

    fn lookup(&self, parent: u64, name: &OsStr) -> Option<u64> {
        self.names.get(&(parent, name.to_os_string())).copied()
    }

    fn is_empty_dir(&self, ino: u64) -> bool {
        self.names
            .range((ino, OsString::new())..)
            .next()
            .is_none_or(|((p, _), _)| *p != ino)
    }

    fn make(
        &mut self,
        req: &Request,
        parent: u64,
        name: &OsStr,
        kind: FileType,
        mode: u32,
    ) -> Result<u64, Errno> {
        if self.inodes.get(&parent).map(|i| i.kind) != Some(FileType::Directory) {
            return Err(Errno::ENOTDIR);
        }
        if self.lookup(parent, name).is_some() {
            return Err(Errno::EEXIST);
        }
        let ino = self.next_ino;
        self.next_ino += 1;
        self.inodes.insert(
            ino,
            Inode {
                kind,
                perm: (mode & 0o7777) as u16,
                uid: req.uid(),
                gid: req.gid(),
                data: FileData::default(),
            },
        );
        self.names.insert((parent, name.to_os_string()), ino);
        Ok(ino)
    }

    /// A sync of anything commits the namespace (the journal); a sync of a file also
    /// commits its data.
    fn sync(&mut self, ino: Option<u64>) {
        self.durable_names = self.names.clone();
        if let Some(ino) = ino
            && let Some(inode) = self.inodes.get_mut(&ino)
        {
            inode.data.sync();
            self.unsynced.remove(&ino);
        }
        self.counters.syncs += 1;
    }

    fn power_cut(&mut self) {
        self.names = self.durable_names.clone();
        for inode in self.inodes.values_mut() {
            inode.data.cut();
        }
        let reachable: std::collections::HashSet<u64> =
            self.names.values().copied().chain([ROOT]).collect();
        self.inodes.retain(|ino, _| reachable.contains(ino));
        self.handles.clear();
        self.counters.lost_writes += self.unsynced.values().sum::<u64>();
        self.unsynced.clear();
        self.counters.cuts += 1;
    }
}

/// The filesystem as FUSE serves it.
struct LazyFs {
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl LazyFs {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Filesystem for LazyFs {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let s = self.state();
        match s.lookup(parent.0, name).and_then(|ino| s.attr(ino)) {
            Some(attr) => reply.entry(&TTL, &attr, Generation(0)),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        match self.state().attr(ino.0) {
            Some(attr) => reply.attr(&TTL, &attr),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<TimeOrNow>,
        _mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        let mut s = self.state();
        let Some(inode) = s.inodes.get_mut(&ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        if let Some(mode) = mode {
            inode.perm = (mode & 0o7777) as u16;
        }
        if let Some(size) = size {
            if inode.kind == FileType::Directory {
                return reply.error(Errno::EISDIR);
            }
            inode.data.set_len(size);
            *s.unsynced.entry(ino.0).or_default() += 1;
        }
        match s.attr(ino.0) {
            Some(attr) => reply.attr(&TTL, &attr),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn mkdir(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        reply: ReplyEntry,
    ) {
        let mut s = self.state();
        match s.make(req, parent.0, name, FileType::Directory, mode) {
            Ok(ino) => match s.attr(ino) {
                Some(attr) => reply.entry(&TTL, &attr, Generation(0)),
                None => reply.error(Errno::ENOENT),
            },
            Err(e) => reply.error(e),
        }
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let mut s = self.state();
        match s.lookup(parent.0, name) {
            Some(ino) if s.inodes.get(&ino).map(|i| i.kind) == Some(FileType::Directory) => {
                reply.error(Errno::EISDIR)
            }
            Some(_) => {
                s.names.remove(&(parent.0, name.to_os_string()));
                reply.ok()
            }
            None => reply.error(Errno::ENOENT),
        }
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let mut s = self.state();
        match s.lookup(parent.0, name) {
            Some(ino) if !s.is_empty_dir(ino) => reply.error(Errno::ENOTEMPTY),
            Some(_) => {
                s.names.remove(&(parent.0, name.to_os_string()));
                reply.ok()
            }
            None => reply.error(Errno::ENOENT),
        }
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        newparent: INodeNo,
        newname: &OsStr,
        _flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        let mut s = self.state();
        let Some(ino) = s.lookup(parent.0, name) else {
            return reply.error(Errno::ENOENT);
        };
        if let Some(target) = s.lookup(newparent.0, newname)
            && s.inodes.get(&target).map(|i| i.kind) == Some(FileType::Directory)
            && !s.is_empty_dir(target)
        {
            return reply.error(Errno::ENOTEMPTY);
        }
        s.names.remove(&(parent.0, name.to_os_string()));
        s.names.insert((newparent.0, newname.to_os_string()), ino);
        reply.ok()
    }

    fn open(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let mut s = self.state();
        if !s.inodes.contains_key(&ino.0) {
            return reply.error(Errno::ENOENT);
        }
        let fh = s.next_fh;
        s.next_fh += 1;
        s.handles.insert(fh, ino.0);
        reply.opened(FileHandle(fh), FopenFlags::FOPEN_DIRECT_IO)
    }

    fn create(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        _flags: i32,
        reply: ReplyCreate,
    ) {
        let mut s = self.state();
        let ino = match s.make(req, parent.0, name, FileType::RegularFile, mode) {
            Ok(ino) => ino,
            Err(e) => return reply.error(e),
        };
        let fh = s.next_fh;
        s.next_fh += 1;
        s.handles.insert(fh, ino);
        match s.attr(ino) {
            Some(attr) => reply.created(
                &TTL,
                &attr,
                Generation(0),
                FileHandle(fh),
                FopenFlags::FOPEN_DIRECT_IO,
            ),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        let s = self.state();
        match s.inodes.get(&ino.0) {
            Some(inode) => reply.data(&inode.data.read(offset, u64::from(size))),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        let mut s = self.state();
        let Some(inode) = s.inodes.get_mut(&ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        inode.data.write(offset, data);
        *s.unsynced.entry(ino.0).or_default() += 1;
        reply.written(data.len() as u32)
    }

    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        // close(2) makes nothing durable.
        reply.ok()
    }

    fn release(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        _flush: bool,
        reply: ReplyEmpty,
    ) {
        self.state().handles.remove(&fh.0);
        reply.ok()
    }

    fn fsync(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        self.state().sync(Some(ino.0));
        reply.ok()
    }

    fn opendir(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        match self.state().inodes.get(&ino.0).map(|i| i.kind) {
            Some(FileType::Directory) => reply.opened(FileHandle(0), FopenFlags::empty()),
            Some(_) => reply.error(Errno::ENOTDIR),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let s = self.state();
        let mut entries: Vec<(u64, FileType, OsString)> = vec![
            (ino.0, FileType::Directory, ".".into()),
            (ROOT, FileType::Directory, "..".into()),
        ];
        for ((_, name), child) in s
            .names
            .range((ino.0, OsString::new())..)
            .take_while(|((p, _), _)| *p == ino.0)
        {
            if let Some(inode) = s.inodes.get(child) {
                entries.push((*child, inode.kind, name.clone()));
            }
        }
        for (i, (child, kind, name)) in entries.into_iter().enumerate().skip(offset as usize) {
            if reply.add(INodeNo(child), (i + 1) as u64, kind, &name) {
                break;
            }
        }
        reply.ok()
    }

    fn fsyncdir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        self.state().sync(None);
        reply.ok()
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        // 64 GiB, nearly all free: the relay checks for room before it accepts uploads.
        let blocks = 16 << 20;
        reply.statfs(
            blocks,
            blocks - 1024,
            blocks - 1024,
            1 << 20,
            1 << 20,
            PAGE as u32,
            255,
            PAGE as u32,
        )
    }

    fn access(&self, _req: &Request, _ino: INodeNo, _mask: AccessFlags, reply: ReplyEmpty) {
        reply.ok()
    }
}

/// What the test holds: the mount (unmounted when dropped) and the power switch.
pub(crate) struct LazyFsControl {
    state: Arc<Mutex<State>>,
    _session: fuser::BackgroundSession,
}

/// Figures for the test's report.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LazyFsReport {
    pub(crate) cuts: u64,
    pub(crate) syncs: u64,
    /// Writes no sync had covered when a cut came, summed over all cuts.
    pub(crate) lost_writes: u64,
}

impl LazyFsControl {
    /// Mounts an empty filesystem on `mountpoint` (an existing, empty directory). Needs
    /// `/dev/fuse` and the right to mount (root, as on the CI machines).
    pub(crate) fn mount(mountpoint: &Path) -> std::io::Result<Self> {
        // The root belongs to whoever owns the mount point (this process's user).
        use std::os::unix::fs::MetadataExt as _;
        let owner = std::fs::metadata(mountpoint)?;
        let (uid, gid) = (owner.uid(), owner.gid());
        let state = Arc::new(Mutex::new(State::new(uid, gid)));
        let mut config = Config::default();
        config.mount_options = vec![MountOption::FSName("amicus-lazyfs".into())];
        let session = fuser::spawn_mount(
            LazyFs {
                state: state.clone(),
            },
            mountpoint,
            &config,
        )?;
        Ok(LazyFsControl {
            state,
            _session: session,
        })
    }

    /// Power goes out: everything not yet durable is gone. Call only once every process
    /// writing under the mount has exited.
    pub(crate) fn power_cut(&self) {
        lock(&self.state).power_cut();
    }

    pub(crate) fn report(&self) -> LazyFsReport {
        let s = lock(&self.state);
        LazyFsReport {
            cuts: s.counters.cuts,
            syncs: s.counters.syncs,
            lost_writes: s.counters.lost_writes,
        }
    }
}

#[cfg(test)]
mod model {
    use super::FileData;

    #[test]
    fn unsynced_writes_and_truncations_are_undone_by_a_cut() {
        let mut f = FileData::default();
        f.write(10, b"durable");
        f.sync();
        f.write(5000, b"volatile");
        f.set_len(12);
        assert_eq!(f.read(0, 100).len(), 12);
        f.cut();
        assert_eq!(&f.read(10, 7), b"durable");
        assert_eq!(f.len, 17);
        f.set_len(11);
        f.sync();
        f.set_len(20);
        assert_eq!(f.read(10, 10), b"d\0\0\0\0\0\0\0\0\0");
    }
}
