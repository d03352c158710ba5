//! Real-process benchmark of encrypted env files (`file encrypt/decrypt/merge-driver`,
//! `inject --file`) at 10,000 names, side by side with the vault commands doing the same
//! work on the same .env (`import`, `export`, `inject`) as the baseline, and `--version` as
//! the floor. Run with `cargo bench --bench envfile` (see `benches/README.md`).
//!
//! Must never touch the user's vault, keyring or agent: everything runs in a temporary
//! HOME (benches/common).

mod common;

use std::time::Instant;

use common::{Case, Home, dotenv_lines, env_count, machine, path_str};

const N: usize = 10_000;

fn main() {
    if !common::bench_requested("envfile") {
        return;
    }
    let samples = env_count("BENCH_SAMPLES", 10);
    let started = Instant::now();
    eprintln!("setting up: a vault with the default Argon2id cost and a {N}-line .env");
    let home = Home::new("scbench-envfile");
    home.setup();
    let plain = home.write(".env", dotenv_lines(N));
    home.ok(&["import", path_str(&plain)], None);
    let enc = home.file(".env.dev.enc");
    let enc_arg = path_str(&enc);
    home.ok(&["-e", "dev", "file", "encrypt", path_str(&plain)], None);

    // Three sides for the merge driver: theirs and ours each change one different value.
    let base = home.file("base.enc");
    std::fs::copy(&enc, &base).unwrap();
    let ours_plain = home.write(
        "ours.env",
        dotenv_lines(N).replacen("BENCH_KEY_00004=", "BENCH_KEY_00004=x", 1),
    );
    let theirs_plain = home.write(
        "theirs.env",
        dotenv_lines(N).replacen("BENCH_KEY_09996=", "BENCH_KEY_09996=y", 1),
    );
    let side = |from: &std::path::Path, name: &str| {
        let out = home.file(name);
        std::fs::copy(&base, &out).unwrap();
        home.ok(
            &[
                "-e",
                "dev",
                "file",
                "encrypt",
                path_str(from),
                "-o",
                path_str(&out),
            ],
            None,
        );
        out
    };
    let ours = side(&ours_plain, "ours.enc");
    let theirs = side(&theirs_plain, "theirs.enc");
    let result = home.file("result.enc");

    // Check once that each case does what its row claims.
    let decrypted = home.ok(&["file", "decrypt", enc_arg], None);
    assert_eq!(
        String::from_utf8_lossy(&decrypted).lines().count(),
        N,
        "decrypt gave back every line"
    );
    std::fs::copy(&ours, &result).unwrap();
    home.ok(
        &[
            "file",
            "merge-driver",
            path_str(&base),
            path_str(&result),
            path_str(&theirs),
        ],
        None,
    );

    let mut cases = [
        Case::new("baseline: `--version`", ""),
        Case::new("vault: `import` 10,000-line .env (new env)", ""),
        Case::new("`file encrypt`, new file", ""),
        Case::new("`file encrypt`, unchanged (keeps every ciphertext)", ""),
        Case::new("vault: `export` 10,000 items", ""),
        Case::new("`file decrypt`, 10,000 names", ""),
        Case::new("vault: `inject -- true`", ""),
        Case::new("`inject --file -- true`", ""),
        Case::new("`file merge-driver`, one change per side", ""),
    ];
    let [
        floor,
        import,
        fresh,
        again,
        export,
        decrypt,
        inject,
        inject_file,
        merge,
    ] = &mut cases;
    for round in 0..samples {
        eprintln!("round {}/{samples}", round + 1);
        floor.push(home.time(&["--version"], None));
        let env = format!("import{round}");
        home.ok(&["env", "create", &env], None);
        import.push(home.time(&["import", "-e", &env, path_str(&plain)], None));
        home.ok(&["env", "rm", &env, "--yes"], None);
        let fresh_out = home.file(&format!("fresh{round}.enc"));
        fresh.push(home.time(
            &[
                "-e",
                "dev",
                "file",
                "encrypt",
                path_str(&plain),
                "-o",
                path_str(&fresh_out),
            ],
            None,
        ));
        again.push(home.time(&["-e", "dev", "file", "encrypt", path_str(&plain)], None));
        export.push(home.time(&["export", "--raw"], None));
        decrypt.push(home.time(&["file", "decrypt", enc_arg], None));
        inject.push(home.time(&["inject", "--", "true"], None));
        inject_file.push(home.time(&["inject", "--file", enc_arg, "--", "true"], None));
        std::fs::copy(&ours, &result).unwrap();
        merge.push(home.time(
            &[
                "file",
                "merge-driver",
                path_str(&base),
                path_str(&result),
                path_str(&theirs),
            ],
            None,
        ));
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());
    home.ok(&["lock"], None);

    let floor = cases[0].stats().0;
    println!();
    println!("| case | median ms | p10 | p90 | vs baseline |");
    println!("|---|---:|---:|---:|---:|");
    for case in &cases {
        let (median, p10, p90) = case.stats();
        println!(
            "| {} (n={}) | {median:.1} | {p10:.1} | {p90:.1} | {:.1}x |",
            case.name,
            case.samples.len(),
            median / floor
        );
    }
    println!();
    println!("{samples} samples per case; {}", machine());
}
