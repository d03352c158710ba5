
use builtin;
use str;

set edit:completion:arg-completer[secretscli] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'secretscli'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'secretscli'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new vault with a first project and environment'
            cand unlock 'Unlock the vault for a while so commands need no passphrase'
            cand lock 'Forget the cached key everywhere (keyring and agent)'
            cand passwd 'Change the vault passphrase'
            cand status 'Show the vault, lock state and context'
            cand project 'Create, list or remove projects'
            cand env 'Create, list, re-parent or remove environments'
            cand set 'Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)'
            cand get 'Print one item''s value, raw, for `$(secretscli get KEY)`'
            cand list 'List items: names, kind, version, last change, where inherited ones come from'
            cand rm 'Delete an item (soft: `restore` brings it back)'
            cand restore 'Bring back a deleted item'
            cand purge 'Delete an item and all its versions, irreversibly'
            cand history 'Show an item''s versions: who and when, never values'
            cand rollback 'Write a new version with an earlier version''s value'
            cand stage 'Seal a new value as an item''s `next` version beside the current one (prompt or stdin)'
            cand promote 'Make an item''s `next` version current; the current one becomes `previous`'
            cand rotate 'Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`'
            cand lease 'Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`, `lease list`, `renew`, `revoke`, `reap`'
            cand inject 'Run a command with the environment''s items as variables'
            cand import 'Import a .env, JSON or YAML file (all or nothing)'
            cand export 'Export the environment as dotenv, JSON, YAML, shell or docker env-file'
            cand context 'Show, set or clear the default project and environment'
            cand audit 'Show or verify the vault''s audit log'
            cand rotate-key 'Start a new environment key version (rewrap old data keys with --now)'
            cand doctor 'Check the vault, key cache and context, and say how to fix what is wrong'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page, or write one page per command into a directory'
            cand login 'Register this device with a sync server (bootstrap or invite token)'
            cand logout 'Revoke this device''s token on the server and forget the login'
            cand invite 'Create a one-time token for another device of yours, or a new user with a role'
            cand member 'List the project''s members, give or change roles, remove members (keys rotate)'
            cand device 'List, approve (by fingerprint) or revoke devices'
            cand push 'Send the project''s new versions to the sync server (-e: one environment)'
            cand pull 'Bring in the sync server''s changes to the project (-e: one environment)'
            cand watch 'Follow the environment''s changes on the server; run a command on each (names only)'
            cand diff 'Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)'
            cand scan 'Find leaked secrets in files, staged changes or git history (exit 1 when found)'
            cand check 'Check environments against secretscli.schema.toml and each other (exit 1 on findings)'
            cand identity 'Show, export or import this device''s age identity'
            cand server 'Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)'
            cand serve 'Serve the environment''s values to programs on this host (unix socket or loopback HTTP)'
            cand file 'Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver'
            cand token 'Service tokens for CI and services: create (printed once), list, revoke, credential'
            cand share 'Share links: one value, opened in a browser or `share open`, a few times, for a while'
            cand changes 'Review proposals to protected environments: list, show (--reveal), approve, reject'
            cand recovery 'Recovery kit: split the root key into word shares, restore access from K of them'
            cand ca 'Certificate authorities kept in the vault: create, show (PEM), crl'
            cand cert 'Short-lived TLS certificates from a vault CA: issue, list, revoke'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;init'= {
            cand --name 'Name of the first project (-p/--project does the same)'
            cand --kdf-memory 'Argon2id memory cost in MiB (8 to 1024; default 64)'
            cand --kdf-iterations 'Argon2id passes (default 3)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --strict 'Refuse a weak passphrase instead of warning about it'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;unlock'= {
            cand --timeout 'How long to keep the key, e.g. 30m, 8h, 2d'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;lock'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;passwd'= {
            cand --new-passphrase-file 'Read the new passphrase from this file (first line) instead of prompting'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;status'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;project'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a project with an environment `dev`'
            cand list 'List projects'
            cand rm 'Remove a project with all its environments and items (irreversible)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;project;create'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;project;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;project;rm'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;project;help'= {
            cand create 'Create a project with an environment `dev`'
            cand list 'List projects'
            cand rm 'Remove a project with all its environments and items (irreversible)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;project;help;create'= {
        }
        &'secretscli;project;help;list'= {
        }
        &'secretscli;project;help;rm'= {
        }
        &'secretscli;project;help;help'= {
        }
        &'secretscli;env'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create an environment, optionally inheriting another''s items'
            cand list 'List the project''s environments'
            cand inherit 'Change what an environment inherits from (cycles are refused)'
            cand rm 'Remove an environment and its items (irreversible)'
            cand protect 'Protect an environment on the sync server (admins): pushes become proposals'
            cand unprotect 'Stop protecting an environment (admins): pushes land directly again'
            cand serve-config 'Serve an environment''s config items over the server''s config API (admins)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;env;create'= {
            cand --inherits 'Inherit items from this environment (own items override)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;inherit'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --none 'Inherit from nothing'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;rm'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;protect'= {
            cand --approvals 'Approvals a proposal needs, from people other than its author (1 to 10)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;unprotect'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;serve-config'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --off 'Stop serving (the server deletes the values it kept)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;env;help'= {
            cand create 'Create an environment, optionally inheriting another''s items'
            cand list 'List the project''s environments'
            cand inherit 'Change what an environment inherits from (cycles are refused)'
            cand rm 'Remove an environment and its items (irreversible)'
            cand protect 'Protect an environment on the sync server (admins): pushes become proposals'
            cand unprotect 'Stop protecting an environment (admins): pushes land directly again'
            cand serve-config 'Serve an environment''s config items over the server''s config API (admins)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;env;help;create'= {
        }
        &'secretscli;env;help;list'= {
        }
        &'secretscli;env;help;inherit'= {
        }
        &'secretscli;env;help;rm'= {
        }
        &'secretscli;env;help;protect'= {
        }
        &'secretscli;env;help;unprotect'= {
        }
        &'secretscli;env;help;serve-config'= {
        }
        &'secretscli;env;help;help'= {
        }
        &'secretscli;set'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --config 'Mark as non-secret configuration'
            cand --literal 'Never expand `${...}` in this value when injecting'
            cand --keep-newline 'Keep a trailing newline read from stdin (by default one is removed)'
            cand --allow-empty 'Store an empty value read from stdin or the prompt (by default refused)'
            cand --check-breach 'Also ask Have I Been Pwned whether a secret value is breached (only 5 hex characters of its SHA-1 leave the machine) [default: the context''s check_breach setting]'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;get'= {
            cand --version 'An earlier version instead of the current one'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --token-stdin 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --reveal 'Also show values (recorded in the audit log)'
            cand --deleted 'Also show this environment''s deleted items'
            cand --remote 'List the server''s copy: names, kinds, versions, who and when; no values, no env key needed (works for viewers)'
            cand --json 'Print JSON'
            cand --token-stdin 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;rm'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;restore'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;purge'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --yes 'Do not ask for confirmation'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;history'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;rollback'= {
            cand --version 'Version whose value to bring back'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;stage'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --keep-newline 'Keep a trailing newline read from stdin (by default one is removed)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;promote'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;rotate'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --resume 'Finish every rotation a crash or error interrupted (the vault records each step)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand postgres 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;rotate;postgres'= {
            cand --admin 'The item holding a URL whose role may CREATE and ALTER roles'
            cand --strategy 'alternating: USER and USER_alt take turns, the previous one works until --finish; single: the password changes in place and the old one stops working at once'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --finish 'After the overlap: lock the previous login (NOLOGIN, no password, sessions ended)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'secretscli;rotate;help'= {
            cand postgres 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;rotate;help;postgres'= {
        }
        &'secretscli;rotate;help;help'= {
        }
        &'secretscli;lease'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand postgres 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits'
            cand list 'List the leases recorded in the vault'
            cand renew 'Move a lease''s end to now + --ttl (never past its --max-ttl from creation)'
            cand revoke 'End a lease now: its sessions terminated, its login dropped'
            cand reap 'Revoke every lease that expired or whose `lease postgres` is gone'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;lease;postgres'= {
            cand --admin 'The item holding a URL whose role may CREATE ROLE and is a member of ROLE'
            cand --grant 'The role granted to the lease''s login (a group role holding the privileges)'
            cand --ttl 'How long the lease lasts (the login''s VALID UNTIL); it is revoked at its end'
            cand --max-ttl 'The latest end `lease renew` may set, from the lease''s creation'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;lease;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON instead of a table'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;lease;renew'= {
            cand --ttl 'The new end, from now'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;lease;revoke'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;lease;reap'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;lease;help'= {
            cand postgres 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits'
            cand list 'List the leases recorded in the vault'
            cand renew 'Move a lease''s end to now + --ttl (never past its --max-ttl from creation)'
            cand revoke 'End a lease now: its sessions terminated, its login dropped'
            cand reap 'Revoke every lease that expired or whose `lease postgres` is gone'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;lease;help;postgres'= {
        }
        &'secretscli;lease;help;list'= {
        }
        &'secretscli;lease;help;renew'= {
        }
        &'secretscli;lease;help;revoke'= {
        }
        &'secretscli;lease;help;reap'= {
        }
        &'secretscli;lease;help;help'= {
        }
        &'secretscli;inject'= {
            cand --only 'Only these items (comma-separated stored names); references may still use others'
            cand --prefix 'Prefix every variable name, e.g. APP_'
            cand --name-transform 'Turn stored names into variable names (database.host -> DATABASE_HOST with upper)'
            cand --allow-dangerous 'Inject this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable'
            cand --on-change 'With --watch, what a change does: restart (SIGTERM, --grace, SIGKILL, start again), signal:NAME (e.g. signal:HUP; the command keeps its old variables and reloads by itself), or none (only say so)'
            cand --restart-group 'With --watch on an environment that syncs: before each restart, take one of --max-restarting slots of this group on the server, so that the commands of one group restart a few at a time (letters, digits, ''.'', ''_'', ''-'')'
            cand --max-restarting 'With --restart-group: how many commands of the group may restart at once'
            cand --healthy-after 'With --restart-group: how long a restarted command must run before its slot is given back (it is given back at once if the command exits)'
            cand --transport 'With --watch, how to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and long-poll when the server refuses the upgrade)'
            cand --schema 'The schema for --check [default: secretscli.schema.toml here or in a parent directory]'
            cand --grace 'On restart, how long to wait after SIGTERM before SIGKILL'
            cand --file 'Inject the values of this encrypted env file (`file encrypt`) instead of the vault''s environment; the file names its environment, whose key opens it'
            cand --alias 'Which version of each item: `next` takes an item''s staged version (`stage`) where it has one and its current version elsewhere, to try a rotation before `promote`'
            cand --cert 'Also hand over the issued certificate NAME (`cert issue`) as TLS_CERT, TLS_KEY and TLS_CA (PEM)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --override 'Vault values replace variables already set (by default the existing variable wins)'
            cand --strict 'Fail on a ${NAME} reference that matches no item and no variable (default: empty + warning)'
            cand --shell 'Start your $SHELL with the variables (names that are not shell identifiers are skipped)'
            cand --mask 'Replace secret values in the command''s output with <concealed by secretscli> [default: on when $CI is set and stdout is not a terminal]'
            cand --no-mask 'Never mask output'
            cand --watch 'Restart the command when an item it uses changes (here, or, for an environment that syncs, pushed by another device: followed on the server''s change feed)'
            cand --pull 'Refresh the environment from its sync server before starting (a few seconds at most; when that fails the local copy is used, saying so) [default: `context set --pull on|off`, else off]'
            cand --no-pull 'Do not refresh from the server before starting, whatever the context says'
            cand --check 'Refuse to start when a key secretscli.schema.toml requires is missing or ill-typed; missing keys with a default get it'
            cand --token-stdin 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'secretscli;import'= {
            cand --format 'Input format [default: from the extension, else dotenv]'
            cand --max-size 'Refuse input larger than this (bytes, or with KiB, MiB or GiB). Whatever the size, at most 1,000,000 items are read, and YAML aliases may repeat at most 100,000 items'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --config 'Mark every imported item as non-secret configuration'
            cand --check-breach 'Also ask Have I Been Pwned whether secret values are breached (only 5 hex characters of each SHA-1 leave the machine) [default: the context''s check_breach setting]'
            cand --dry-run 'Show what would be created, updated or unchanged, and write nothing'
            cand --json 'Print the outcome as JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'secretscli;export'= {
            cand --format 'Output format'
            cand -o 'Write to this file (mode 0600) instead of stdout'
            cand --output 'Write to this file (mode 0600) instead of stdout'
            cand --allow-dangerous 'Export this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --raw 'Export the stored text: no ${...} expansion, dangerous names included'
            cand --token-stdin 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'secretscli;context'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand set 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)'
            cand show 'Show the context and where each value comes from'
            cand clear 'Remove the global context (or, with --here, this directory''s file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;context;set'= {
            cand --check-breach 'Have `set` and `import` check secret values against Have I Been Pwned (k-anonymity)'
            cand --pull 'Have `inject` refresh from the sync server before starting (`inject --pull`)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --here 'Write .secretscli.toml in the current directory instead of the global config'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;context;show'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;context;clear'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --here 'Remove .secretscli.toml in the current directory'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;context;help'= {
            cand set 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)'
            cand show 'Show the context and where each value comes from'
            cand clear 'Remove the global context (or, with --here, this directory''s file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;context;help;set'= {
        }
        &'secretscli;context;help;show'= {
        }
        &'secretscli;context;help;clear'= {
        }
        &'secretscli;context;help;help'= {
        }
        &'secretscli;audit'= {
            cand --limit 'Show only the newest N entries'
            cand --since 'Show only entries since a duration ago (90m, 2d) or a date (2026-01-31, RFC 3339)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --verify 'Check the hash chain; exits 6 when an entry was edited or removed'
            cand --remote 'The sync server''s audit log instead of this vault''s (admin)'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;rotate-key'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --now 'Rewrap every data key to the new version now (values are not re-encrypted)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;doctor'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;completions'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;man'= {
            cand --dir 'Write every page into this directory (created if missing) instead of printing the top-level page'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;login'= {
            cand --token 'Bootstrap or invite token [default: $SECRETSCLI_TOKEN, else a hidden prompt]'
            cand --name 'Name of this device on the server [default: user@host]'
            cand --user 'User name, when the token creates a user (bootstrap or user invite) [default: $USER]'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --insecure 'Allow plain http:// to a host other than this machine'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;logout'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;invite'= {
            cand --user 'The new user''s name (they log in with `login --user NAME`)'
            cand --role 'The role the new user gets in the project (-e: in one environment)'
            cand --expires 'How long the token stays valid, e.g. 15m, 1h, 2days'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --self 'For another device of your own user; it stays pending until approved'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;member'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the project''s members: roles, devices, "waiting for keys", "rotation pending"'
            cand add 'Give a user a role on the project (default) or on one environment (-e)'
            cand role 'Change a user''s role on the project, or on one environment (-e)'
            cand rm 'Remove a user from the project, or from one environment (-e)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;member;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;member;add'= {
            cand --role 'viewer, reader, writer or admin'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --all-envs 'The whole project, every environment (the default without -e)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;member;role'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --now 'Rewrap every data key to the new env key now (default: lazily)'
            cand --json 'Print JSON (what was exposed, what was rotated)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;member;rm'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --now 'Rewrap every data key to the new env key now (default: lazily)'
            cand --json 'Print JSON (what was exposed, what was rotated)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;member;help'= {
            cand list 'List the project''s members: roles, devices, "waiting for keys", "rotation pending"'
            cand add 'Give a user a role on the project (default) or on one environment (-e)'
            cand role 'Change a user''s role on the project, or on one environment (-e)'
            cand rm 'Remove a user from the project, or from one environment (-e)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;member;help;list'= {
        }
        &'secretscli;member;help;add'= {
        }
        &'secretscli;member;help;role'= {
        }
        &'secretscli;member;help;rm'= {
        }
        &'secretscli;member;help;help'= {
        }
        &'secretscli;device'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List your devices (an admin: --user NAME for another user''s)'
            cand approve 'Approve a pending device after comparing its fingerprint, and give it the keys'
            cand revoke 'Revoke a device: its token and keys go, the env keys it held are rotated'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;device;list'= {
            cand --user 'Another user''s devices (admins of a shared project, server admins)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;device;approve'= {
            cand --fingerprint 'The fingerprint the new device showed; refused when it differs'
            cand --user 'The device''s user, when it is not yours (admins)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;device;revoke'= {
            cand --user 'The device''s user, when it is not yours (admins)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --now 'Rewrap every data key to the new env key now (default: lazily)'
            cand --json 'Print JSON (what was exposed, what was rotated)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;device;help'= {
            cand list 'List your devices (an admin: --user NAME for another user''s)'
            cand approve 'Approve a pending device after comparing its fingerprint, and give it the keys'
            cand revoke 'Revoke a device: its token and keys go, the env keys it held are rotated'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;device;help;list'= {
        }
        &'secretscli;device;help;approve'= {
        }
        &'secretscli;device;help;revoke'= {
        }
        &'secretscli;device;help;help'= {
        }
        &'secretscli;push'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --dry-run 'Show what would be sent; change nothing'
            cand --force 'On conflict keep ours: the server''s versions become history under ours'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;pull'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --dry-run 'Show what would change; change nothing'
            cand --theirs 'On conflict keep the server''s version (local unpushed changes are dropped)'
            cand --ours 'On conflict keep ours (the server''s become history; push afterwards)'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;watch'= {
            cand --transport 'How to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and long-poll when the server refuses the upgrade)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print each event as one JSON line on stdout (`changed`, `away`, `back`, `pull_failed`, `poll_fallback`, `failed_over`)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'secretscli;diff'= {
            cand --file 'Compare this dotenv file with the environment (instead of the server)'
            cand --max-size 'With --file: refuse a file larger than this (bytes, or with KiB, MiB or GiB)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --reveal 'Show the values of differing items (recorded in the audit log)'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;scan'= {
            cand --git-history 'Scan the lines added by commits in RANGE (default: every branch and tag)'
            cand --format 'Report format'
            cand --baseline 'Accept the findings in FILE (an earlier `scan --format json` report)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --staged 'Scan what `git commit` would add now (the index), not files'
            cand --no-ignore 'Also scan files .gitignore excludes'
            cand --no-vault 'Do not search for the vault''s values, even when it is unlocked'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand install-hook 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;scan;install-hook'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;scan;help'= {
            cand install-hook 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;scan;help;install-hook'= {
        }
        &'secretscli;scan;help;help'= {
        }
        &'secretscli;check'= {
            cand --schema 'The schema file [default: secretscli.schema.toml here or in a parent directory]'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --all 'Check every environment of the project, and their parity (same names; secrets differ)'
            cand --init 'Write a schema describing the current environment (required keys, kinds, types)'
            cand --force 'With --init: replace an existing schema file'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;identity'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print this device''s public age recipient'
            cand export 'Write this device''s identity as a passphrase-protected age file'
            cand import 'Replace this device''s identity with one exported elsewhere'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;identity;show'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;identity;export'= {
            cand -o 'Output file [default: stdout, when it is not a terminal]'
            cand --output 'Output file [default: stdout, when it is not a terminal]'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;identity;import'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;identity;help'= {
            cand show 'Print this device''s public age recipient'
            cand export 'Write this device''s identity as a passphrase-protected age file'
            cand import 'Replace this device''s identity with one exported elsewhere'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;identity;help;show'= {
        }
        &'secretscli;identity;help;export'= {
        }
        &'secretscli;identity;help;import'= {
        }
        &'secretscli;identity;help;help'= {
        }
        &'secretscli;server'= {
            cand --listen 'Address and port to listen on (port 0 picks a free one; the bound address is printed)'
            cand --data 'Directory of the SQLite store [default: $SECRETSCLI_SERVER_DATA, else $XDG_DATA_HOME/secretscli/server]'
            cand --database-url 'Use PostgreSQL instead of SQLite (`?options=-csearch_path%3DNAME` picks a schema)'
            cand --tls-cert 'Serve HTTPS with this PEM certificate chain (needs --tls-key)'
            cand --tls-key 'The PEM private key for --tls-cert'
            cand --bootstrap-token-file 'Take the bootstrap token from FILE (created with a new token, mode 0600, if missing) instead of printing one'
            cand --max-body 'Largest request body accepted (clients keep each push under 4 MiB; bigger bodies get 413)'
            cand --max-watchers 'Most change-feed requests this node holds at once (one more gets 503 `unavailable`)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --trust-proxy 'Behind a reverse proxy: take the client address (rate limit, log, audit) from the right-most X-Forwarded-For entry, which the proxy appended (ignored without this flag)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;serve'= {
            cand --listen 'Serve on this TCP address, e.g. 127.0.0.1:8200 (loopback only, a bearer on every request)'
            cand --socket 'Serve on a unix socket at this path, created 0600 (no bearer: the file mode is the gate)'
            cand --bearer-file 'With --listen: write the bearer to this file (0600) instead of printing it once on stderr'
            cand --tls-cert 'With --listen: serve TLS with this certificate (PEM)'
            cand --tls-key 'With --listen: the TLS certificate''s private key (PEM)'
            cand --refresh 'With a service token: fetch its values at least this often (it also fetches on each change the server''s feed reports)'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --allow-remote 'Allow a non-loopback --listen address (only with --tls-cert and --tls-key)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;file'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand encrypt 'Encrypt a .env file for git: names, comments and order stay readable'
            cand decrypt 'Check and decrypt an encrypted env file to stdout or a 0600 file'
            cand edit 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)'
            cand check 'For CI: fail when a file that should be encrypted holds a plaintext value'
            cand merge-driver 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;file;encrypt'= {
            cand -o 'Where to write [default: .env.ENV.enc next to FILE]'
            cand --output 'Where to write [default: .env.ENV.enc next to FILE]'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;file;decrypt'= {
            cand -o 'Write to this new file (mode 0600) instead of stdout'
            cand --output 'Write to this new file (mode 0600) instead of stdout'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;file;edit'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;file;check'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print the problems as JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;file;merge-driver'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;file;help'= {
            cand encrypt 'Encrypt a .env file for git: names, comments and order stay readable'
            cand decrypt 'Check and decrypt an encrypted env file to stdout or a 0600 file'
            cand edit 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)'
            cand check 'For CI: fail when a file that should be encrypted holds a plaintext value'
            cand merge-driver 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;file;help;encrypt'= {
        }
        &'secretscli;file;help;decrypt'= {
        }
        &'secretscli;file;help;edit'= {
        }
        &'secretscli;file;help;check'= {
        }
        &'secretscli;file;help;merge-driver'= {
        }
        &'secretscli;file;help;help'= {
        }
        &'secretscli;token'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Make a service token for one or more environments (-e, repeatable); printed once'
            cand list 'List the tokens of environments you administer: scope, expiry, uses, last use'
            cand revoke 'Revoke a token: the server forgets its share and wraps, so no copy opens anything'
            cand credential 'Print a token''s HTTP credential (scsa_...) for apps that read the server''s config API'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;token;create'= {
            cand --expires 'How long it works, e.g. 30d, 12h (default: until revoked)'
            cand --names 'Only items whose names match these globs, e.g. ''auth.*,db.*'' (server-enforced)'
            cand --cidr 'Only from these client addresses, e.g. 10.0.0.0/8,192.0.2.7'
            cand --max-uses 'At most this many uses'
            cand --oidc-issuer 'Also require an OIDC ID token from this issuer, e.g. https://token.actions.githubusercontent.com'
            cand --oidc-audience 'The audience the ID token must carry (with --oidc-issuer)'
            cand --oidc-subject 'Glob the ID token''s subject must match, e.g. ''repo:org/app:ref:refs/heads/main'''
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --write 'Also write: `set` and `import` with the token push to its environment (read-only otherwise)'
            cand --json 'Print JSON (the token and what the server stored)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;token;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;token;revoke'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --rotate 'Also start a new key version of its environments (values it read stay exposed)'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;token;credential'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --token-stdin 'Read the service token from stdin (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;token;help'= {
            cand create 'Make a service token for one or more environments (-e, repeatable); printed once'
            cand list 'List the tokens of environments you administer: scope, expiry, uses, last use'
            cand revoke 'Revoke a token: the server forgets its share and wraps, so no copy opens anything'
            cand credential 'Print a token''s HTTP credential (scsa_...) for apps that read the server''s config API'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;token;help;create'= {
        }
        &'secretscli;token;help;list'= {
        }
        &'secretscli;token;help;revoke'= {
        }
        &'secretscli;token;help;credential'= {
        }
        &'secretscli;token;help;help'= {
        }
        &'secretscli;share'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Make a link that reveals one item''s value in a browser or `share open`'
            cand list 'List the links you created: item, views, expiry, state'
            cand revoke 'Revoke a link: it stops working and the server forgets its ciphertext'
            cand open 'Open a link here (counts one view) and print the value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;share;create'= {
            cand --expires 'How long the link works, e.g. 10m, 1h, 7d (at most 30d)'
            cand --views 'How many times it may be revealed (1-100)'
            cand --to 'Seal it to this user''s devices instead: only their `share open` can open it'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --password 'Also require a password, asked here (or the first line of stdin) and part of the key'
            cand --json 'Print JSON (the link and what the server stored)'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;share;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;share;revoke'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;share;open'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;share;help'= {
            cand create 'Make a link that reveals one item''s value in a browser or `share open`'
            cand list 'List the links you created: item, views, expiry, state'
            cand revoke 'Revoke a link: it stops working and the server forgets its ciphertext'
            cand open 'Open a link here (counts one view) and print the value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;share;help;create'= {
        }
        &'secretscli;share;help;list'= {
        }
        &'secretscli;share;help;revoke'= {
        }
        &'secretscli;share;help;open'= {
        }
        &'secretscli;share;help;help'= {
        }
        &'secretscli;changes'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the pending proposals of the project (-e: of one environment)'
            cand show 'Show a proposal: who, from which revision, which names it sets or deletes'
            cand approve 'Approve a proposal (a writer or admin other than its author)'
            cand reject 'Reject a proposal (a writer or admin), or withdraw your own'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;changes;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;changes;show'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --reveal 'Decrypt and print the proposed values'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;changes;approve'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;changes;reject'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;changes;help'= {
            cand list 'List the pending proposals of the project (-e: of one environment)'
            cand show 'Show a proposal: who, from which revision, which names it sets or deletes'
            cand approve 'Approve a proposal (a writer or admin other than its author)'
            cand reject 'Reject a proposal (a writer or admin), or withdraw your own'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;changes;help;list'= {
        }
        &'secretscli;changes;help;show'= {
        }
        &'secretscli;changes;help;approve'= {
        }
        &'secretscli;changes;help;reject'= {
        }
        &'secretscli;changes;help;help'= {
        }
        &'secretscli;recovery'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand split 'Cut the vault''s root key into word shares, any --threshold of which rebuild it'
            cand restore 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;recovery;split'= {
            cand --shares 'How many shares to print'
            cand --threshold 'How many shares rebuild the key'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;recovery;restore'= {
            cand --new-passphrase-file 'Read the new passphrase from this file (first line) instead of prompting'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;recovery;help'= {
            cand split 'Cut the vault''s root key into word shares, any --threshold of which rebuild it'
            cand restore 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;recovery;help;split'= {
        }
        &'secretscli;recovery;help;restore'= {
        }
        &'secretscli;recovery;help;help'= {
        }
        &'secretscli;ca'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`'
            cand show 'Print the CA certificate (PEM, public): what servers and clients trust'
            cand crl 'Print the CA''s certificate revocation list (PEM), valid for 7 days'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;ca;create'= {
            cand --ttl 'How long the CA is valid, e.g. 5y, 90d'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;ca;show'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;ca;crl'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;ca;help'= {
            cand create 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`'
            cand show 'Print the CA certificate (PEM, public): what servers and clients trust'
            cand crl 'Print the CA''s certificate revocation list (PEM), valid for 7 days'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;ca;help;create'= {
        }
        &'secretscli;ca;help;show'= {
        }
        &'secretscli;ca;help;crl'= {
        }
        &'secretscli;ca;help;help'= {
        }
        &'secretscli;cert'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
            cand issue 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default'
            cand list 'List issued certificates: name, CN, serial, CA, expiry, status'
            cand revoke 'Revoke a certificate by name or serial: it goes on its CA''s CRL (`ca crl`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;cert;issue'= {
            cand --san 'Subject alternative name: DNS:host, IP:addr, or a bare host or address; repeatable'
            cand --ttl 'How long it is valid, e.g. 24h, 30m'
            cand --usage 'What it is for: server, client (mutual TLS) or both'
            cand --ca 'The issuing CA [default: the project''s only CA]'
            cand --name 'Name to keep it under [default: the CN]'
            cand -o 'Write NAME.crt, NAME.key and ca.crt (0600) into this directory instead of printing'
            cand --out 'Write NAME.crt, NAME.key and ca.crt (0600) into this directory instead of printing'
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'secretscli;cert;list'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --json 'Print JSON'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;cert;revoke'= {
            cand --vault 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]'
            cand -p 'Project to use [default: from the context; see `context show`]'
            cand --project 'Project to use [default: from the context; see `context show`]'
            cand -e 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --env 'Environment to use [default: from the context, else `dev`]; push and pull: only this one'
            cand --server 'Sync server URL(s), comma-separated [default: from the context; see `context show`]'
            cand --passphrase-file 'Read the passphrase from this file (first line) instead of prompting'
            cand --no-color 'Never colour output (also: NO_COLOR=1)'
            cand -v 'Explain errors in more detail: every cause, and what the exit code means'
            cand --verbose 'Explain errors in more detail: every cause, and what the exit code means'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'secretscli;cert;help'= {
            cand issue 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default'
            cand list 'List issued certificates: name, CN, serial, CA, expiry, status'
            cand revoke 'Revoke a certificate by name or serial: it goes on its CA''s CRL (`ca crl`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;cert;help;issue'= {
        }
        &'secretscli;cert;help;list'= {
        }
        &'secretscli;cert;help;revoke'= {
        }
        &'secretscli;cert;help;help'= {
        }
        &'secretscli;help'= {
            cand init 'Create a new vault with a first project and environment'
            cand unlock 'Unlock the vault for a while so commands need no passphrase'
            cand lock 'Forget the cached key everywhere (keyring and agent)'
            cand passwd 'Change the vault passphrase'
            cand status 'Show the vault, lock state and context'
            cand project 'Create, list or remove projects'
            cand env 'Create, list, re-parent or remove environments'
            cand set 'Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)'
            cand get 'Print one item''s value, raw, for `$(secretscli get KEY)`'
            cand list 'List items: names, kind, version, last change, where inherited ones come from'
            cand rm 'Delete an item (soft: `restore` brings it back)'
            cand restore 'Bring back a deleted item'
            cand purge 'Delete an item and all its versions, irreversibly'
            cand history 'Show an item''s versions: who and when, never values'
            cand rollback 'Write a new version with an earlier version''s value'
            cand stage 'Seal a new value as an item''s `next` version beside the current one (prompt or stdin)'
            cand promote 'Make an item''s `next` version current; the current one becomes `previous`'
            cand rotate 'Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`'
            cand lease 'Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`, `lease list`, `renew`, `revoke`, `reap`'
            cand inject 'Run a command with the environment''s items as variables'
            cand import 'Import a .env, JSON or YAML file (all or nothing)'
            cand export 'Export the environment as dotenv, JSON, YAML, shell or docker env-file'
            cand context 'Show, set or clear the default project and environment'
            cand audit 'Show or verify the vault''s audit log'
            cand rotate-key 'Start a new environment key version (rewrap old data keys with --now)'
            cand doctor 'Check the vault, key cache and context, and say how to fix what is wrong'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page, or write one page per command into a directory'
            cand login 'Register this device with a sync server (bootstrap or invite token)'
            cand logout 'Revoke this device''s token on the server and forget the login'
            cand invite 'Create a one-time token for another device of yours, or a new user with a role'
            cand member 'List the project''s members, give or change roles, remove members (keys rotate)'
            cand device 'List, approve (by fingerprint) or revoke devices'
            cand push 'Send the project''s new versions to the sync server (-e: one environment)'
            cand pull 'Bring in the sync server''s changes to the project (-e: one environment)'
            cand watch 'Follow the environment''s changes on the server; run a command on each (names only)'
            cand diff 'Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)'
            cand scan 'Find leaked secrets in files, staged changes or git history (exit 1 when found)'
            cand check 'Check environments against secretscli.schema.toml and each other (exit 1 on findings)'
            cand identity 'Show, export or import this device''s age identity'
            cand server 'Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)'
            cand serve 'Serve the environment''s values to programs on this host (unix socket or loopback HTTP)'
            cand file 'Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver'
            cand token 'Service tokens for CI and services: create (printed once), list, revoke, credential'
            cand share 'Share links: one value, opened in a browser or `share open`, a few times, for a while'
            cand changes 'Review proposals to protected environments: list, show (--reveal), approve, reject'
            cand recovery 'Recovery kit: split the root key into word shares, restore access from K of them'
            cand ca 'Certificate authorities kept in the vault: create, show (PEM), crl'
            cand cert 'Short-lived TLS certificates from a vault CA: issue, list, revoke'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secretscli;help;init'= {
        }
        &'secretscli;help;unlock'= {
        }
        &'secretscli;help;lock'= {
        }
        &'secretscli;help;passwd'= {
        }
        &'secretscli;help;status'= {
        }
        &'secretscli;help;project'= {
            cand create 'Create a project with an environment `dev`'
            cand list 'List projects'
            cand rm 'Remove a project with all its environments and items (irreversible)'
        }
        &'secretscli;help;project;create'= {
        }
        &'secretscli;help;project;list'= {
        }
        &'secretscli;help;project;rm'= {
        }
        &'secretscli;help;env'= {
            cand create 'Create an environment, optionally inheriting another''s items'
            cand list 'List the project''s environments'
            cand inherit 'Change what an environment inherits from (cycles are refused)'
            cand rm 'Remove an environment and its items (irreversible)'
            cand protect 'Protect an environment on the sync server (admins): pushes become proposals'
            cand unprotect 'Stop protecting an environment (admins): pushes land directly again'
            cand serve-config 'Serve an environment''s config items over the server''s config API (admins)'
        }
        &'secretscli;help;env;create'= {
        }
        &'secretscli;help;env;list'= {
        }
        &'secretscli;help;env;inherit'= {
        }
        &'secretscli;help;env;rm'= {
        }
        &'secretscli;help;env;protect'= {
        }
        &'secretscli;help;env;unprotect'= {
        }
        &'secretscli;help;env;serve-config'= {
        }
        &'secretscli;help;set'= {
        }
        &'secretscli;help;get'= {
        }
        &'secretscli;help;list'= {
        }
        &'secretscli;help;rm'= {
        }
        &'secretscli;help;restore'= {
        }
        &'secretscli;help;purge'= {
        }
        &'secretscli;help;history'= {
        }
        &'secretscli;help;rollback'= {
        }
        &'secretscli;help;stage'= {
        }
        &'secretscli;help;promote'= {
        }
        &'secretscli;help;rotate'= {
            cand postgres 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login'
        }
        &'secretscli;help;rotate;postgres'= {
        }
        &'secretscli;help;lease'= {
            cand postgres 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits'
            cand list 'List the leases recorded in the vault'
            cand renew 'Move a lease''s end to now + --ttl (never past its --max-ttl from creation)'
            cand revoke 'End a lease now: its sessions terminated, its login dropped'
            cand reap 'Revoke every lease that expired or whose `lease postgres` is gone'
        }
        &'secretscli;help;lease;postgres'= {
        }
        &'secretscli;help;lease;list'= {
        }
        &'secretscli;help;lease;renew'= {
        }
        &'secretscli;help;lease;revoke'= {
        }
        &'secretscli;help;lease;reap'= {
        }
        &'secretscli;help;inject'= {
        }
        &'secretscli;help;import'= {
        }
        &'secretscli;help;export'= {
        }
        &'secretscli;help;context'= {
            cand set 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)'
            cand show 'Show the context and where each value comes from'
            cand clear 'Remove the global context (or, with --here, this directory''s file)'
        }
        &'secretscli;help;context;set'= {
        }
        &'secretscli;help;context;show'= {
        }
        &'secretscli;help;context;clear'= {
        }
        &'secretscli;help;audit'= {
        }
        &'secretscli;help;rotate-key'= {
        }
        &'secretscli;help;doctor'= {
        }
        &'secretscli;help;completions'= {
        }
        &'secretscli;help;man'= {
        }
        &'secretscli;help;login'= {
        }
        &'secretscli;help;logout'= {
        }
        &'secretscli;help;invite'= {
        }
        &'secretscli;help;member'= {
            cand list 'List the project''s members: roles, devices, "waiting for keys", "rotation pending"'
            cand add 'Give a user a role on the project (default) or on one environment (-e)'
            cand role 'Change a user''s role on the project, or on one environment (-e)'
            cand rm 'Remove a user from the project, or from one environment (-e)'
        }
        &'secretscli;help;member;list'= {
        }
        &'secretscli;help;member;add'= {
        }
        &'secretscli;help;member;role'= {
        }
        &'secretscli;help;member;rm'= {
        }
        &'secretscli;help;device'= {
            cand list 'List your devices (an admin: --user NAME for another user''s)'
            cand approve 'Approve a pending device after comparing its fingerprint, and give it the keys'
            cand revoke 'Revoke a device: its token and keys go, the env keys it held are rotated'
        }
        &'secretscli;help;device;list'= {
        }
        &'secretscli;help;device;approve'= {
        }
        &'secretscli;help;device;revoke'= {
        }
        &'secretscli;help;push'= {
        }
        &'secretscli;help;pull'= {
        }
        &'secretscli;help;watch'= {
        }
        &'secretscli;help;diff'= {
        }
        &'secretscli;help;scan'= {
            cand install-hook 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)'
        }
        &'secretscli;help;scan;install-hook'= {
        }
        &'secretscli;help;check'= {
        }
        &'secretscli;help;identity'= {
            cand show 'Print this device''s public age recipient'
            cand export 'Write this device''s identity as a passphrase-protected age file'
            cand import 'Replace this device''s identity with one exported elsewhere'
        }
        &'secretscli;help;identity;show'= {
        }
        &'secretscli;help;identity;export'= {
        }
        &'secretscli;help;identity;import'= {
        }
        &'secretscli;help;server'= {
        }
        &'secretscli;help;serve'= {
        }
        &'secretscli;help;file'= {
            cand encrypt 'Encrypt a .env file for git: names, comments and order stay readable'
            cand decrypt 'Check and decrypt an encrypted env file to stdout or a 0600 file'
            cand edit 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)'
            cand check 'For CI: fail when a file that should be encrypted holds a plaintext value'
            cand merge-driver 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name'
        }
        &'secretscli;help;file;encrypt'= {
        }
        &'secretscli;help;file;decrypt'= {
        }
        &'secretscli;help;file;edit'= {
        }
        &'secretscli;help;file;check'= {
        }
        &'secretscli;help;file;merge-driver'= {
        }
        &'secretscli;help;token'= {
            cand create 'Make a service token for one or more environments (-e, repeatable); printed once'
            cand list 'List the tokens of environments you administer: scope, expiry, uses, last use'
            cand revoke 'Revoke a token: the server forgets its share and wraps, so no copy opens anything'
            cand credential 'Print a token''s HTTP credential (scsa_...) for apps that read the server''s config API'
        }
        &'secretscli;help;token;create'= {
        }
        &'secretscli;help;token;list'= {
        }
        &'secretscli;help;token;revoke'= {
        }
        &'secretscli;help;token;credential'= {
        }
        &'secretscli;help;share'= {
            cand create 'Make a link that reveals one item''s value in a browser or `share open`'
            cand list 'List the links you created: item, views, expiry, state'
            cand revoke 'Revoke a link: it stops working and the server forgets its ciphertext'
            cand open 'Open a link here (counts one view) and print the value'
        }
        &'secretscli;help;share;create'= {
        }
        &'secretscli;help;share;list'= {
        }
        &'secretscli;help;share;revoke'= {
        }
        &'secretscli;help;share;open'= {
        }
        &'secretscli;help;changes'= {
            cand list 'List the pending proposals of the project (-e: of one environment)'
            cand show 'Show a proposal: who, from which revision, which names it sets or deletes'
            cand approve 'Approve a proposal (a writer or admin other than its author)'
            cand reject 'Reject a proposal (a writer or admin), or withdraw your own'
        }
        &'secretscli;help;changes;list'= {
        }
        &'secretscli;help;changes;show'= {
        }
        &'secretscli;help;changes;approve'= {
        }
        &'secretscli;help;changes;reject'= {
        }
        &'secretscli;help;recovery'= {
            cand split 'Cut the vault''s root key into word shares, any --threshold of which rebuild it'
            cand restore 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)'
        }
        &'secretscli;help;recovery;split'= {
        }
        &'secretscli;help;recovery;restore'= {
        }
        &'secretscli;help;ca'= {
            cand create 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`'
            cand show 'Print the CA certificate (PEM, public): what servers and clients trust'
            cand crl 'Print the CA''s certificate revocation list (PEM), valid for 7 days'
        }
        &'secretscli;help;ca;create'= {
        }
        &'secretscli;help;ca;show'= {
        }
        &'secretscli;help;ca;crl'= {
        }
        &'secretscli;help;cert'= {
            cand issue 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default'
            cand list 'List issued certificates: name, CN, serial, CA, expiry, status'
            cand revoke 'Revoke a certificate by name or serial: it goes on its CA''s CRL (`ca crl`)'
        }
        &'secretscli;help;cert;issue'= {
        }
        &'secretscli;help;cert;list'= {
        }
        &'secretscli;help;cert;revoke'= {
        }
        &'secretscli;help;help'= {
        }
    ]
    $completions[$command]
}
