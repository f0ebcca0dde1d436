//! The real FastAPI service of `tests/fastapi/` (FastAPI + pydantic v2
//! under uvicorn), started on 127.0.0.1 for a test and stopped when dropped.
//! Its Python environment is `target/fastapi-venv`, made from
//! `tests/fastapi/requirements.txt` by `.ci/run` or, if missing, here on
//! first use. Without Python the tests fail and say how to install it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `tests/fastapi`.
pub fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fastapi")
}

fn venv_dir() -> PathBuf {
    // Beside the build output, so `cargo clean` removes it too.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fastapi-venv")
}

/// Making the venv happens once per process.
static VENV: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The venv's Python, with FastAPI, pydantic and uvicorn installed.
pub fn python() -> PathBuf {
    let mut ready = VENV.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = ready.as_ref() {
        return p.clone();
    }
    let venv = venv_dir();
    let python = venv.join("bin/python");
    let marker = venv.join("installed-requirements.txt");
    let requirements = app_dir().join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).unwrap_or_default();
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
        create_venv(&venv, &requirements);
        std::fs::write(&marker, wanted).expect("write the venv marker");
    }
    *ready = Some(python.clone());
    python
}

fn create_venv(venv: &Path, requirements: &Path) {
    let system = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let made = Command::new(&system)
        .args(["-m", "venv"])
        .arg(venv)
        .status();
    match made {
        Ok(s) if s.success() => {}
        other => panic!(
            "the FastAPI tests need Python 3 with venv (`{system} -m venv` failed: {other:?}). \
             Install it (Debian/Ubuntu: `apt-get install python3 python3-venv`; macOS: \
             `brew install python`), or point PYTHON at a Python 3 interpreter, then run \
             the tests again; they create target/fastapi-venv from PyPI themselves."
        ),
    }
    let pip = Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(requirements)
        .status();
    assert!(
        matches!(pip, Ok(s) if s.success()),
        "installing {} into {} failed ({pip:?}); the FastAPI tests need PyPI to be reachable",
        requirements.display(),
        venv.display()
    );
}

/// A running uvicorn serving `tests/fastapi/app.py`.
#[derive(Debug)]
pub struct FastApiServer {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    child: Child,
}

impl FastApiServer {
    /// Starts the app on a free port of 127.0.0.1 and waits until it listens.
    pub fn start() -> Self {
        let mut child = Command::new(python())
            .args([
                "-m",
                "uvicorn",
                "app:app",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--log-level",
                "info",
            ])
            .current_dir(app_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start uvicorn");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // "Uvicorn running on http://127.0.0.1:PORT (Press CTRL+C to quit)"
                if !sent && let Some(rest) = line.split("running on ").nth(1) {
                    let url = rest.split_whitespace().next().unwrap_or("").to_owned();
                    sent = tx.send(Ok(url)).is_ok();
                } else if !sent && line.contains("Error") {
                    let _ = tx.send(Err(line));
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(Ok(url)) => break url,
                Ok(Err(line)) => {
                    let _ = child.kill();
                    panic!("uvicorn failed to start: {line}");
                }
                Err(_) if Instant::now() > deadline => {
                    let _ = child.kill();
                    panic!("uvicorn did not start within 60 s");
                }
                Err(_) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!("uvicorn exited at start: {status}");
                    }
                }
            }
        };
        FastApiServer { url, child }
    }
}

impl Drop for FastApiServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
