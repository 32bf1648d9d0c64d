//! Unit tests of the output writer: staging, only changed files written, stale files and
//! empty folders removed, first builds, permissions.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::*;

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        contents: Contents::Bytes(text.as_bytes().to_vec()),
    }
}

/// Makes `output` hold exactly `files` (plus the marker), touching only what differs: the
/// staging cycle in one call, with the test hook's limit and the staging area's place.
fn write_with(
    output: &Path,
    files: Vec<OutputFile>,
    fail_after: Option<usize>,
    inside: bool,
) -> Result<WriteStats> {
    let root = output.parent().unwrap();
    let staging = Staging::prepare(output, root, fail_after, inside)?;
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let results: Vec<Result<()>> = files.into_par_iter().map(|f| staging.put(f)).collect();
    if let Err(error) = results.into_iter().collect::<Result<Vec<()>>>() {
        staging.abandon();
        return Err(error);
    }
    staging.commit(&paths, None)
}

fn write_site(output: &Path, files: Vec<OutputFile>) -> Result<WriteStats> {
    write_with(output, files, None, false)
}

/// Every file below `dir`, with its text.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, fs::read_to_string(e.path()).unwrap_or_default())
        })
        .collect()
}

/// What the parent folder of the output holds besides the output: nothing, after any build.
fn beside_output(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "public")
        .collect()
}

#[test]
fn writes_only_changes_and_removes_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = write_site(
        &out,
        vec![file("a/index.html", "A"), file("b/index.html", "B")],
    )
    .unwrap();
    assert_eq!(
        first,
        WriteStats {
            written: 2,
            unchanged: 0,
            removed: 0
        }
    );
    let second = write_site(&out, vec![file("a/index.html", "A"), file("c.html", "C")]).unwrap();
    assert_eq!(
        second,
        WriteStats {
            written: 1,
            unchanged: 1,
            removed: 1
        }
    );
    assert!(!out.join("b").exists(), "empty stale folder removed");
    assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "C");
    assert!(out.join(MARKER).is_file());
    assert!(beside_output(dir.path()).is_empty(), "staging area removed");
    assert!(!out.join(INSIDE).exists());
}

#[test]
fn a_first_build_killed_before_its_commit_leaves_no_output_and_the_next_build_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let staging = Staging::new(&out, dir.path()).unwrap();
    staging.put(file("a/index.html", "A")).unwrap();
    std::mem::forget(staging); // Killed: neither committed nor abandoned.
    assert!(!out.exists(), "nothing where a deploy would look");
    assert_eq!(beside_output(dir.path()), [".public.dossier-staging"]);
    let stats = write_site(&out, vec![file("a/index.html", "A")]).unwrap();
    assert_eq!(stats.written, 1);
    assert!(beside_output(dir.path()).is_empty() && out.join(MARKER).is_file());
}

#[test]
fn written_files_are_readable_by_a_web_server() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("index.html", "A")]).unwrap();
    let mode = fs::metadata(out.join("index.html"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o044, 0o044, "group and others can read: {mode:o}");
}

#[test]
fn an_empty_output_folder_is_replaced_whole_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o750)).unwrap();
    write_site(&out, vec![file("index.html", "A")]).unwrap();
    let mode = fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o750);
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "A");
    assert!(beside_output(dir.path()).is_empty());
}

#[test]
fn a_file_may_replace_a_folder_and_back() {
    for inside in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_with(&out, vec![file("x/index.html", "A")], None, inside).unwrap();
        write_with(&out, vec![file("x", "B")], None, inside).unwrap();
        assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "B");
        write_with(&out, vec![file("x/index.html", "C")], None, inside).unwrap();
        assert_eq!(fs::read_to_string(out.join("x/index.html")).unwrap(), "C");
        assert!(!out.join(INSIDE).exists(), "inside: {inside}");
    }
}

#[test]
fn refuses_paths_that_leave_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let err = write_site(&out, vec![file("../x.html", "X")]).unwrap_err();
    assert!(matches!(err, Error::UnsafeOutput { .. }));
    assert!(!dir.path().join("x.html").exists());
    assert!(
        !out.exists(),
        "a failed first build leaves no output folder"
    );
    assert!(beside_output(dir.path()).is_empty());
}

/// Sites to go from and to: changed, new and removed files, a file that becomes a folder and
/// a folder that becomes a file.
fn old_and_new() -> (Vec<OutputFile>, Vec<OutputFile>) {
    let old = vec![
        file("index.html", "home 1"),
        file("a/index.html", "a 1"),
        file("b/index.html", "b 1"),
        file("c", "c was a file"),
        file("d/index.html", "d was a folder"),
        file("d/deep/x.txt", "deep"),
        file("same.css", "same"),
    ];
    let new = vec![
        file("index.html", "home 2"),
        file("a/index.html", "a 2"),
        file("c/index.html", "c is a folder"),
        file("d", "d is a file"),
        file("e/f/index.html", "new"),
        file("same.css", "same"),
    ];
    (old, new)
}

#[test]
fn a_write_failure_at_any_point_leaves_the_previous_site() {
    for inside in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (old, new) = old_and_new();
        write_with(&out, old, None, inside).unwrap();
        let before = snapshot(&out);
        let mut failed = 0;
        for n in 0.. {
            assert!(n < 500, "never succeeds");
            let result = write_with(&out, new.clone(), Some(n), inside);
            match result {
                Err(Error::Write {
                    path,
                    restored: None,
                    ..
                }) => {
                    failed += 1;
                    assert_eq!(
                        snapshot(&out),
                        before,
                        "failure after {n} writes ({path:?})"
                    );
                    assert!(beside_output(dir.path()).is_empty(), "after {n} writes");
                }
                Err(other) => panic!("after {n} writes: {other}"),
                Ok(_) => break,
            }
        }
        assert!(failed > 10, "{failed} failures");
        let mut expected = BTreeMap::new();
        let paths: Vec<PathBuf> = new.iter().map(|f| f.path.clone()).collect();
        for f in new {
            let Contents::Bytes(bytes) = f.contents else {
                unreachable!()
            };
            expected.insert(f.path, String::from_utf8(bytes).unwrap());
        }
        expected.insert(PathBuf::from(MARKER), marker_text(build_id(&paths)));
        assert_eq!(snapshot(&out), expected, "inside: {inside}");
    }
}

#[test]
fn a_commit_killed_at_any_point_is_undone_by_the_next_build() {
    // A killed commit is a commit that stopped without undoing: what the journal and the
    // staging area hold at that point. Kill it after each of its writes in turn.
    for inside in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (old, new) = old_and_new();
        write_with(&out, old, None, inside).unwrap();
        let before = snapshot(&out);
        let paths: Vec<PathBuf> = new.iter().map(|f| f.path.clone()).collect();
        let mut killed = 0;
        for n in 0.. {
            assert!(n < 500, "never finishes");
            let staging = Staging::prepare(&out, dir.path(), Some(n), inside).unwrap();
            let staged: Result<Vec<()>> = new.iter().map(|f| staging.put(f.clone())).collect();
            if staged.is_err() {
                staging.abandon();
                continue;
            }
            // Stop where the hook fails, leaving everything as it is: no undo.
            if staging.kill_at_failure(&paths) {
                break;
            }
            killed += 1;
            let recovered = Staging::prepare(&out, dir.path(), None, inside).unwrap();
            recovered.abandon();
            assert_eq!(snapshot(&out), before, "killed after {n} writes");
            assert!(beside_output(dir.path()).is_empty());
        }
        assert!(killed > 10, "{killed} kills");
        let after = snapshot(&out);
        assert_eq!(after[Path::new("d")], "d is a file");
        assert_eq!(after[Path::new("c/index.html")], "c is a folder");
        assert!(!after.contains_key(Path::new("b/index.html")));
    }
}
