# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_secretscli_global_optspecs
    string join \n vault= p/project= e/env= server= passphrase-file= no-color v/verbose h/help V/version
end

function __fish_secretscli_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_secretscli_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_secretscli_using_subcommand
    set -l cmd (__fish_secretscli_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c secretscli -n "__fish_secretscli_needs_command" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_needs_command" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_needs_command" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_needs_command" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_needs_command" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_needs_command" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_needs_command" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_needs_command" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_needs_command" -s V -l version -d 'Print version'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "init" -d 'Create a new vault with a first project and environment'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "unlock" -d 'Unlock the vault for a while so commands need no passphrase'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "lock" -d 'Forget the cached key everywhere (keyring and agent)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "passwd" -d 'Change the vault passphrase'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "status" -d 'Show the vault, lock state and context'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "project" -d 'Create, list or remove projects'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "env" -d 'Create, list, re-parent or remove environments'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "set" -d 'Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "get" -d 'Print one item\'s value, raw, for `$(secretscli get KEY)`'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "list" -d 'List items: names, kind, version, last change, where inherited ones come from'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "rm" -d 'Delete an item (soft: `restore` brings it back)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "restore" -d 'Bring back a deleted item'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "purge" -d 'Delete an item and all its versions, irreversibly'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "history" -d 'Show an item\'s versions: who and when, never values'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "rollback" -d 'Write a new version with an earlier version\'s value'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "stage" -d 'Seal a new value as an item\'s `next` version beside the current one (prompt or stdin)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "promote" -d 'Make an item\'s `next` version current; the current one becomes `previous`'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "rotate" -d 'Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "lease" -d 'Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`, `lease list`, `renew`, `revoke`, `reap`'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "inject" -d 'Run a command with the environment\'s items as variables'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "import" -d 'Import a .env, JSON or YAML file (all or nothing)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "export" -d 'Export the environment as dotenv, JSON, YAML, shell or docker env-file'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "context" -d 'Show, set or clear the default project and environment'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "audit" -d 'Show or verify the vault\'s audit log'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "rotate-key" -d 'Start a new environment key version (rewrap old data keys with --now)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "doctor" -d 'Check the vault, key cache and context, and say how to fix what is wrong'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "man" -d 'Print the man page, or write one page per command into a directory'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "login" -d 'Register this device with a sync server (bootstrap or invite token)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "logout" -d 'Revoke this device\'s token on the server and forget the login'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "invite" -d 'Create a one-time token for another device of yours, or a new user with a role'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "member" -d 'List the project\'s members, give or change roles, remove members (keys rotate)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "device" -d 'List, approve (by fingerprint) or revoke devices'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "push" -d 'Send the project\'s new versions to the sync server (-e: one environment)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "pull" -d 'Bring in the sync server\'s changes to the project (-e: one environment)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "watch" -d 'Follow the environment\'s changes on the server; run a command on each (names only)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "diff" -d 'Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "scan" -d 'Find leaked secrets in files, staged changes or git history (exit 1 when found)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "check" -d 'Check environments against secretscli.schema.toml and each other (exit 1 on findings)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "identity" -d 'Show, export or import this device\'s age identity'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "server" -d 'Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "serve" -d 'Serve the environment\'s values to programs on this host (unix socket or loopback HTTP)'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "file" -d 'Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "token" -d 'Service tokens for CI and services: create (printed once), list, revoke, credential'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "share" -d 'Share links: one value, opened in a browser or `share open`, a few times, for a while'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "changes" -d 'Review proposals to protected environments: list, show (--reveal), approve, reject'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "recovery" -d 'Recovery kit: split the root key into word shares, restore access from K of them'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "ca" -d 'Certificate authorities kept in the vault: create, show (PEM), crl'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "cert" -d 'Short-lived TLS certificates from a vault CA: issue, list, revoke'
complete -c secretscli -n "__fish_secretscli_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l name -d 'Name of the first project (-p/--project does the same)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l kdf-memory -d 'Argon2id memory cost in MiB (8 to 1024; default 64)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l kdf-iterations -d 'Argon2id passes (default 3)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l strict -d 'Refuse a weak passphrase instead of warning about it'
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand init" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -l timeout -d 'How long to keep the key, e.g. 30m, 8h, 2d' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lock" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -l new-passphrase-file -d 'Read the new passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand status" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -f -a "create" -d 'Create a project with an environment `dev`'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -f -a "list" -d 'List projects'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -f -a "rm" -d 'Remove a project with all its environments and items (irreversible)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and not __fish_seen_subcommand_from create list rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -l yes -d 'Do not ask for confirmation'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a project with an environment `dev`'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from help" -f -a "list" -d 'List projects'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a project with all its environments and items (irreversible)'
complete -c secretscli -n "__fish_secretscli_using_subcommand project; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "create" -d 'Create an environment, optionally inheriting another\'s items'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "list" -d 'List the project\'s environments'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "inherit" -d 'Change what an environment inherits from (cycles are refused)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "rm" -d 'Remove an environment and its items (irreversible)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "protect" -d 'Protect an environment on the sync server (admins): pushes become proposals'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "unprotect" -d 'Stop protecting an environment (admins): pushes land directly again'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "serve-config" -d 'Serve an environment\'s config items over the server\'s config API (admins)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and not __fish_seen_subcommand_from create list inherit rm protect unprotect serve-config help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -l inherits -d 'Inherit items from this environment (own items override)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -l none -d 'Inherit from nothing'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from inherit" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -l yes -d 'Do not ask for confirmation'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -l approvals -d 'Approvals a proposal needs, from people other than its author (1 to 10)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from protect" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from unprotect" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -l off -d 'Stop serving (the server deletes the values it kept)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from serve-config" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an environment, optionally inheriting another\'s items'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the project\'s environments'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "inherit" -d 'Change what an environment inherits from (cycles are refused)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove an environment and its items (irreversible)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "protect" -d 'Protect an environment on the sync server (admins): pushes become proposals'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "unprotect" -d 'Stop protecting an environment (admins): pushes land directly again'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "serve-config" -d 'Serve an environment\'s config items over the server\'s config API (admins)'
complete -c secretscli -n "__fish_secretscli_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l config -d 'Mark as non-secret configuration'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l literal -d 'Never expand `${...}` in this value when injecting'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l keep-newline -d 'Keep a trailing newline read from stdin (by default one is removed)'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l allow-empty -d 'Store an empty value read from stdin or the prompt (by default refused)'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l check-breach -d 'Also ask Have I Been Pwned whether a secret value is breached (only 5 hex characters of its SHA-1 leave the machine) [default: the context\'s check_breach setting]'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand set" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -l version -d 'An earlier version instead of the current one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -l token-stdin -d 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand get" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l reveal -d 'Also show values (recorded in the audit log)'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l deleted -d 'Also show this environment\'s deleted items'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l remote -d 'List the server\'s copy: names, kinds, versions, who and when; no values, no env key needed (works for viewers)'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l token-stdin -d 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand rm" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand restore" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -l yes -d 'Do not ask for confirmation'
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand purge" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand history" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -l version -d 'Version whose value to bring back' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand rollback" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -l keep-newline -d 'Keep a trailing newline read from stdin (by default one is removed)'
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand stage" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand promote" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -l resume -d 'Finish every rotation a crash or error interrupted (the vault records each step)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -f -a "postgres" -d 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and not __fish_seen_subcommand_from postgres help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l admin -d 'The item holding a URL whose role may CREATE and ALTER roles' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l strategy -d 'alternating: USER and USER_alt take turns, the previous one works until --finish; single: the password changes in place and the old one stops working at once' -r -f -a "alternating\t'Two logins take turns'
single\t'One login, its password changed in place'"
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l finish -d 'After the overlap: lock the previous login (NOLOGIN, no password, sessions ended)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from postgres" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "postgres" -d 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -f -a "postgres" -d 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -f -a "list" -d 'List the leases recorded in the vault'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -f -a "renew" -d 'Move a lease\'s end to now + --ttl (never past its --max-ttl from creation)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -f -a "revoke" -d 'End a lease now: its sessions terminated, its login dropped'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -f -a "reap" -d 'Revoke every lease that expired or whose `lease postgres` is gone'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and not __fish_seen_subcommand_from postgres list renew revoke reap help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l admin -d 'The item holding a URL whose role may CREATE ROLE and is a member of ROLE' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l grant -d 'The role granted to the lease\'s login (a group role holding the privileges)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l ttl -d 'How long the lease lasts (the login\'s VALID UNTIL); it is revoked at its end' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l max-ttl -d 'The latest end `lease renew` may set, from the lease\'s creation' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from postgres" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of a table'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -l ttl -d 'The new end, from now' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from renew" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from reap" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "postgres" -d 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the leases recorded in the vault'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "renew" -d 'Move a lease\'s end to now + --ttl (never past its --max-ttl from creation)'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'End a lease now: its sessions terminated, its login dropped'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "reap" -d 'Revoke every lease that expired or whose `lease postgres` is gone'
complete -c secretscli -n "__fish_secretscli_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l only -d 'Only these items (comma-separated stored names); references may still use others' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l prefix -d 'Prefix every variable name, e.g. APP_' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l name-transform -d 'Turn stored names into variable names (database.host -> DATABASE_HOST with upper)' -r -f -a "none\t'As stored'
upper\t'`database.host` -> `DATABASE_HOST` (dots and dashes become `_`)'
lower\t'`Database.Host` -> `database_host`'
tf-var\t'`database.host` -> `TF_VAR_database_host` (Terraform input variables)'
dotnet-env\t'`Database.Host` -> `Database__Host` (.NET configuration\'s section separator)'"
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l allow-dangerous -d 'Inject this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l on-change -d 'With --watch, what a change does: restart (SIGTERM, --grace, SIGKILL, start again), signal:NAME (e.g. signal:HUP; the command keeps its old variables and reloads by itself), or none (only say so)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l restart-group -d 'With --watch on an environment that syncs: before each restart, take one of --max-restarting slots of this group on the server, so that the commands of one group restart a few at a time (letters, digits, \'.\', \'_\', \'-\')' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l max-restarting -d 'With --restart-group: how many commands of the group may restart at once' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l healthy-after -d 'With --restart-group: how long a restarted command must run before its slot is given back (it is given back at once if the command exits)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l transport -d 'With --watch, how to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and long-poll when the server refuses the upgrade)' -r -f -a "auto\t'WebSocket, falling back to long-poll when the server refuses the upgrade'
ws\t'WebSocket only'
poll\t'Long-poll only'"
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l schema -d 'The schema for --check [default: secretscli.schema.toml here or in a parent directory]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l grace -d 'On restart, how long to wait after SIGTERM before SIGKILL' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l file -d 'Inject the values of this encrypted env file (`file encrypt`) instead of the vault\'s environment; the file names its environment, whose key opens it' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l alias -d 'Which version of each item: `next` takes an item\'s staged version (`stage`) where it has one and its current version elsewhere, to try a rotation before `promote`' -r -f -a "current\t'Every item\'s current version'
next\t'An item\'s staged `next` version where it has one, else its current version'"
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l cert -d 'Also hand over the issued certificate NAME (`cert issue`) as TLS_CERT, TLS_KEY and TLS_CA (PEM)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l override -d 'Vault values replace variables already set (by default the existing variable wins)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l strict -d 'Fail on a ${NAME} reference that matches no item and no variable (default: empty + warning)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l shell -d 'Start your $SHELL with the variables (names that are not shell identifiers are skipped)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l mask -d 'Replace secret values in the command\'s output with <concealed by secretscli> [default: on when $CI is set and stdout is not a terminal]'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l no-mask -d 'Never mask output'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l watch -d 'Restart the command when an item it uses changes (here, or, for an environment that syncs, pushed by another device: followed on the server\'s change feed)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l pull -d 'Refresh the environment from its sync server before starting (a few seconds at most; when that fails the local copy is used, saying so) [default: `context set --pull on|off`, else off]'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l no-pull -d 'Do not refresh from the server before starting, whatever the context says'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l check -d 'Refuse to start when a key secretscli.schema.toml requires is missing or ill-typed; missing keys with a default get it'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l token-stdin -d 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand inject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l format -d 'Input format [default: from the extension, else dotenv]' -r -f -a "dotenv\t'KEY=VALUE lines'
json\t'An object; nested keys become dotted names'
yaml\t'A mapping; nested keys become dotted names'"
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l max-size -d 'Refuse input larger than this (bytes, or with KiB, MiB or GiB). Whatever the size, at most 1,000,000 items are read, and YAML aliases may repeat at most 100,000 items' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l config -d 'Mark every imported item as non-secret configuration'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l check-breach -d 'Also ask Have I Been Pwned whether secret values are breached (only 5 hex characters of each SHA-1 leave the machine) [default: the context\'s check_breach setting]'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l dry-run -d 'Show what would be created, updated or unchanged, and write nothing'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l json -d 'Print the outcome as JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l format -d 'Output format' -r -f -a "dotenv\t'KEY=VALUE lines that round-trip through `import`'
json\t'A flat JSON object'
yaml\t'A flat YAML mapping'
shell\t'`export KEY=\'value\'` lines for `eval`'
docker\t'`docker run --env-file` format'"
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -s o -l output -d 'Write to this file (mode 0600) instead of stdout' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l allow-dangerous -d 'Export this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l raw -d 'Export the stored text: no ${...} expansion, dangerous names included'
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l token-stdin -d 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -f -a "set" -d 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -f -a "show" -d 'Show the context and where each value comes from'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -f -a "clear" -d 'Remove the global context (or, with --here, this directory\'s file)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and not __fish_seen_subcommand_from set show clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l check-breach -d 'Have `set` and `import` check secret values against Have I Been Pwned (k-anonymity)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l pull -d 'Have `inject` refresh from the sync server before starting (`inject --pull`)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l here -d 'Write .secretscli.toml in the current directory instead of the global config'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -l here -d 'Remove .secretscli.toml in the current directory'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the context and where each value comes from'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove the global context (or, with --here, this directory\'s file)'
complete -c secretscli -n "__fish_secretscli_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l limit -d 'Show only the newest N entries' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l since -d 'Show only entries since a duration ago (90m, 2d) or a date (2026-01-31, RFC 3339)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l verify -d 'Check the hash chain; exits 6 when an entry was edited or removed'
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l remote -d 'The sync server\'s audit log instead of this vault\'s (admin)'
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand audit" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -l now -d 'Rewrap every data key to the new version now (values are not re-encrypted)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand rotate-key" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand completions" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -l dir -d 'Write every page into this directory (created if missing) instead of printing the top-level page' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand man" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l token -d 'Bootstrap or invite token [default: $SECRETSCLI_TOKEN, else a hidden prompt]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l name -d 'Name of this device on the server [default: user@host]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l user -d 'User name, when the token creates a user (bootstrap or user invite) [default: $USER]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l insecure -d 'Allow plain http:// to a host other than this machine'
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand login" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand logout" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l user -d 'The new user\'s name (they log in with `login --user NAME`)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l role -d 'The role the new user gets in the project (-e: in one environment)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l expires -d 'How long the token stays valid, e.g. 15m, 1h, 2days' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l self -d 'For another device of your own user; it stays pending until approved'
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand invite" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -f -a "list" -d 'List the project\'s members: roles, devices, "waiting for keys", "rotation pending"'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -f -a "add" -d 'Give a user a role on the project (default) or on one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -f -a "role" -d 'Change a user\'s role on the project, or on one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -f -a "rm" -d 'Remove a user from the project, or from one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and not __fish_seen_subcommand_from list add role rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -l role -d 'viewer, reader, writer or admin' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -l all-envs -d 'The whole project, every environment (the default without -e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -l now -d 'Rewrap every data key to the new env key now (default: lazily)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -l json -d 'Print JSON (what was exposed, what was rotated)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from role" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -l now -d 'Rewrap every data key to the new env key now (default: lazily)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -l json -d 'Print JSON (what was exposed, what was rotated)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the project\'s members: roles, devices, "waiting for keys", "rotation pending"'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "add" -d 'Give a user a role on the project (default) or on one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "role" -d 'Change a user\'s role on the project, or on one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a user from the project, or from one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -f -a "list" -d 'List your devices (an admin: --user NAME for another user\'s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -f -a "approve" -d 'Approve a pending device after comparing its fingerprint, and give it the keys'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -f -a "revoke" -d 'Revoke a device: its token and keys go, the env keys it held are rotated'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and not __fish_seen_subcommand_from list approve revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -l user -d 'Another user\'s devices (admins of a shared project, server admins)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -l fingerprint -d 'The fingerprint the new device showed; refused when it differs' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -l user -d 'The device\'s user, when it is not yours (admins)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l user -d 'The device\'s user, when it is not yours (admins)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l now -d 'Rewrap every data key to the new env key now (default: lazily)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l json -d 'Print JSON (what was exposed, what was rotated)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your devices (an admin: --user NAME for another user\'s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve a pending device after comparing its fingerprint, and give it the keys'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a device: its token and keys go, the env keys it held are rotated'
complete -c secretscli -n "__fish_secretscli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l dry-run -d 'Show what would be sent; change nothing'
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l force -d 'On conflict keep ours: the server\'s versions become history under ours'
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand push" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l dry-run -d 'Show what would change; change nothing'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l theirs -d 'On conflict keep the server\'s version (local unpushed changes are dropped)'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l ours -d 'On conflict keep ours (the server\'s become history; push afterwards)'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand pull" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -l transport -d 'How to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and long-poll when the server refuses the upgrade)' -r -f -a "auto\t'WebSocket, falling back to long-poll when the server refuses the upgrade'
ws\t'WebSocket only'
poll\t'Long-poll only'"
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -l json -d 'Print each event as one JSON line on stdout (`changed`, `away`, `back`, `pull_failed`, `poll_fallback`, `failed_over`)'
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l file -d 'Compare this dotenv file with the environment (instead of the server)' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l max-size -d 'With --file: refuse a file larger than this (bytes, or with KiB, MiB or GiB)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l reveal -d 'Show the values of differing items (recorded in the audit log)'
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand diff" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l git-history -d 'Scan the lines added by commits in RANGE (default: every branch and tag)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l format -d 'Report format' -r -f -a "text\t'One finding per line, for people'
json\t'`{"findings": [...]}`; also the baseline format'
sarif\t'SARIF 2.1.0, for code-scanning dashboards'"
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l baseline -d 'Accept the findings in FILE (an earlier `scan --format json` report)' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l staged -d 'Scan what `git commit` would add now (the index), not files'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l no-ignore -d 'Also scan files .gitignore excludes'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l no-vault -d 'Do not search for the vault\'s values, even when it is unlocked'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -a "install-hook" -d 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and not __fish_seen_subcommand_from install-hook help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from install-hook" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "install-hook" -d 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)'
complete -c secretscli -n "__fish_secretscli_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l schema -d 'The schema file [default: secretscli.schema.toml here or in a parent directory]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l all -d 'Check every environment of the project, and their parity (same names; secrets differ)'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l init -d 'Write a schema describing the current environment (required keys, kinds, types)'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l force -d 'With --init: replace an existing schema file'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand check" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -f -a "show" -d 'Print this device\'s public age recipient'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -f -a "export" -d 'Write this device\'s identity as a passphrase-protected age file'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -f -a "import" -d 'Replace this device\'s identity with one exported elsewhere'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and not __fish_seen_subcommand_from show export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -s o -l output -d 'Output file [default: stdout, when it is not a terminal]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print this device\'s public age recipient'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write this device\'s identity as a passphrase-protected age file'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "import" -d 'Replace this device\'s identity with one exported elsewhere'
complete -c secretscli -n "__fish_secretscli_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l listen -d 'Address and port to listen on (port 0 picks a free one; the bound address is printed)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l data -d 'Directory of the SQLite store [default: $SECRETSCLI_SERVER_DATA, else $XDG_DATA_HOME/secretscli/server]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l database-url -d 'Use PostgreSQL instead of SQLite (`?options=-csearch_path%3DNAME` picks a schema)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l tls-cert -d 'Serve HTTPS with this PEM certificate chain (needs --tls-key)' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l tls-key -d 'The PEM private key for --tls-cert' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l bootstrap-token-file -d 'Take the bootstrap token from FILE (created with a new token, mode 0600, if missing) instead of printing one' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l max-body -d 'Largest request body accepted (clients keep each push under 4 MiB; bigger bodies get 413)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l max-watchers -d 'Most change-feed requests this node holds at once (one more gets 503 `unavailable`)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l trust-proxy -d 'Behind a reverse proxy: take the client address (rate limit, log, audit) from the right-most X-Forwarded-For entry, which the proxy appended (ignored without this flag)'
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand server" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l listen -d 'Serve on this TCP address, e.g. 127.0.0.1:8200 (loopback only, a bearer on every request)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l socket -d 'Serve on a unix socket at this path, created 0600 (no bearer: the file mode is the gate)' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l bearer-file -d 'With --listen: write the bearer to this file (0600) instead of printing it once on stderr' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l tls-cert -d 'With --listen: serve TLS with this certificate (PEM)' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l tls-key -d 'With --listen: the TLS certificate\'s private key (PEM)' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l refresh -d 'With a service token: fetch its values at least this often (it also fetches on each change the server\'s feed reports)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l allow-remote -d 'Allow a non-loopback --listen address (only with --tls-cert and --tls-key)'
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand serve" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -f -a "encrypt" -d 'Encrypt a .env file for git: names, comments and order stay readable'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -f -a "decrypt" -d 'Check and decrypt an encrypted env file to stdout or a 0600 file'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -f -a "edit" -d 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -f -a "check" -d 'For CI: fail when a file that should be encrypted holds a plaintext value'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -f -a "merge-driver" -d 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and not __fish_seen_subcommand_from encrypt decrypt edit check merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -s o -l output -d 'Where to write [default: .env.ENV.enc next to FILE]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from encrypt" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -s o -l output -d 'Write to this new file (mode 0600) instead of stdout' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from decrypt" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -l json -d 'Print the problems as JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from help" -f -a "encrypt" -d 'Encrypt a .env file for git: names, comments and order stay readable'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from help" -f -a "decrypt" -d 'Check and decrypt an encrypted env file to stdout or a 0600 file'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from help" -f -a "check" -d 'For CI: fail when a file that should be encrypted holds a plaintext value'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name'
complete -c secretscli -n "__fish_secretscli_using_subcommand file; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -f -a "create" -d 'Make a service token for one or more environments (-e, repeatable); printed once'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -f -a "list" -d 'List the tokens of environments you administer: scope, expiry, uses, last use'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -f -a "revoke" -d 'Revoke a token: the server forgets its share and wraps, so no copy opens anything'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -f -a "credential" -d 'Print a token\'s HTTP credential (scsa_...) for apps that read the server\'s config API'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and not __fish_seen_subcommand_from create list revoke credential help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l expires -d 'How long it works, e.g. 30d, 12h (default: until revoked)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l names -d 'Only items whose names match these globs, e.g. \'auth.*,db.*\' (server-enforced)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l cidr -d 'Only from these client addresses, e.g. 10.0.0.0/8,192.0.2.7' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l max-uses -d 'At most this many uses' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l oidc-issuer -d 'Also require an OIDC ID token from this issuer, e.g. https://token.actions.githubusercontent.com' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l oidc-audience -d 'The audience the ID token must carry (with --oidc-issuer)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l oidc-subject -d 'Glob the ID token\'s subject must match, e.g. \'repo:org/app:ref:refs/heads/main\'' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l write -d 'Also write: `set` and `import` with the token push to its environment (read-only otherwise)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l json -d 'Print JSON (the token and what the server stored)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -l rotate -d 'Also start a new key version of its environments (values it read stay exposed)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -l token-stdin -d 'Read the service token from stdin (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from credential" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make a service token for one or more environments (-e, repeatable); printed once'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the tokens of environments you administer: scope, expiry, uses, last use'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token: the server forgets its share and wraps, so no copy opens anything'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "credential" -d 'Print a token\'s HTTP credential (scsa_...) for apps that read the server\'s config API'
complete -c secretscli -n "__fish_secretscli_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -f -a "create" -d 'Make a link that reveals one item\'s value in a browser or `share open`'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -f -a "list" -d 'List the links you created: item, views, expiry, state'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -f -a "revoke" -d 'Revoke a link: it stops working and the server forgets its ciphertext'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -f -a "open" -d 'Open a link here (counts one view) and print the value'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and not __fish_seen_subcommand_from create list revoke open help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l expires -d 'How long the link works, e.g. 10m, 1h, 7d (at most 30d)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l views -d 'How many times it may be revealed (1-100)' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l to -d 'Seal it to this user\'s devices instead: only their `share open` can open it' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l password -d 'Also require a password, asked here (or the first line of stdin) and part of the key'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l json -d 'Print JSON (the link and what the server stored)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from open" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make a link that reveals one item\'s value in a browser or `share open`'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the links you created: item, views, expiry, state'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a link: it stops working and the server forgets its ciphertext'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "open" -d 'Open a link here (counts one view) and print the value'
complete -c secretscli -n "__fish_secretscli_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -f -a "list" -d 'List the pending proposals of the project (-e: of one environment)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -f -a "show" -d 'Show a proposal: who, from which revision, which names it sets or deletes'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -f -a "approve" -d 'Approve a proposal (a writer or admin other than its author)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -f -a "reject" -d 'Reject a proposal (a writer or admin), or withdraw your own'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and not __fish_seen_subcommand_from list show approve reject help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -l reveal -d 'Decrypt and print the proposed values'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from reject" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the pending proposals of the project (-e: of one environment)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a proposal: who, from which revision, which names it sets or deletes'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve a proposal (a writer or admin other than its author)'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from help" -f -a "reject" -d 'Reject a proposal (a writer or admin), or withdraw your own'
complete -c secretscli -n "__fish_secretscli_using_subcommand changes; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -f -a "split" -d 'Cut the vault\'s root key into word shares, any --threshold of which rebuild it'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -f -a "restore" -d 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and not __fish_seen_subcommand_from split restore help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -l shares -d 'How many shares to print' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -l threshold -d 'How many shares rebuild the key' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from split" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -l new-passphrase-file -d 'Read the new passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from help" -f -a "split" -d 'Cut the vault\'s root key into word shares, any --threshold of which rebuild it'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)'
complete -c secretscli -n "__fish_secretscli_using_subcommand recovery; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -f -a "create" -d 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -f -a "show" -d 'Print the CA certificate (PEM, public): what servers and clients trust'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -f -a "crl" -d 'Print the CA\'s certificate revocation list (PEM), valid for 7 days'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and not __fish_seen_subcommand_from create show crl help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -l ttl -d 'How long the CA is valid, e.g. 5y, 90d' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from crl" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the CA certificate (PEM, public): what servers and clients trust'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "crl" -d 'Print the CA\'s certificate revocation list (PEM), valid for 7 days'
complete -c secretscli -n "__fish_secretscli_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -f -a "issue" -d 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -f -a "list" -d 'List issued certificates: name, CN, serial, CA, expiry, status'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -f -a "revoke" -d 'Revoke a certificate by name or serial: it goes on its CA\'s CRL (`ca crl`)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and not __fish_seen_subcommand_from issue list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l san -d 'Subject alternative name: DNS:host, IP:addr, or a bare host or address; repeatable' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l ttl -d 'How long it is valid, e.g. 24h, 30m' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l usage -d 'What it is for: server, client (mutual TLS) or both' -r -f -a "server\t'TLS server (serverAuth)'
client\t'TLS client (clientAuth)'
both\t'Both'"
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l ca -d 'The issuing CA [default: the project\'s only CA]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l name -d 'Name to keep it under [default: the CN]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -s o -l out -d 'Write NAME.crt, NAME.key and ca.crt (0600) into this directory instead of printing' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -l vault -d 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -s p -l project -d 'Project to use [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -s e -l env -d 'Environment to use [default: from the context, else `dev`]; push and pull: only this one' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -l server -d 'Sync server URL(s), comma-separated [default: from the context; see `context show`]' -r
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from this file (first line) instead of prompting' -r -F
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never colour output (also: NO_COLOR=1)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Explain errors in more detail: every cause, and what the exit code means'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "list" -d 'List issued certificates: name, CN, serial, CA, expiry, status'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a certificate by name or serial: it goes on its CA\'s CRL (`ca crl`)'
complete -c secretscli -n "__fish_secretscli_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "init" -d 'Create a new vault with a first project and environment'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "unlock" -d 'Unlock the vault for a while so commands need no passphrase'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "lock" -d 'Forget the cached key everywhere (keyring and agent)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "passwd" -d 'Change the vault passphrase'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "status" -d 'Show the vault, lock state and context'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "project" -d 'Create, list or remove projects'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "env" -d 'Create, list, re-parent or remove environments'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "set" -d 'Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "get" -d 'Print one item\'s value, raw, for `$(secretscli get KEY)`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "list" -d 'List items: names, kind, version, last change, where inherited ones come from'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "rm" -d 'Delete an item (soft: `restore` brings it back)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "restore" -d 'Bring back a deleted item'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "purge" -d 'Delete an item and all its versions, irreversibly'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "history" -d 'Show an item\'s versions: who and when, never values'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "rollback" -d 'Write a new version with an earlier version\'s value'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "stage" -d 'Seal a new value as an item\'s `next` version beside the current one (prompt or stdin)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "promote" -d 'Make an item\'s `next` version current; the current one becomes `previous`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "rotate" -d 'Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "lease" -d 'Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`, `lease list`, `renew`, `revoke`, `reap`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "inject" -d 'Run a command with the environment\'s items as variables'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "import" -d 'Import a .env, JSON or YAML file (all or nothing)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "export" -d 'Export the environment as dotenv, JSON, YAML, shell or docker env-file'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "context" -d 'Show, set or clear the default project and environment'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "audit" -d 'Show or verify the vault\'s audit log'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "rotate-key" -d 'Start a new environment key version (rewrap old data keys with --now)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "doctor" -d 'Check the vault, key cache and context, and say how to fix what is wrong'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "man" -d 'Print the man page, or write one page per command into a directory'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "login" -d 'Register this device with a sync server (bootstrap or invite token)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "logout" -d 'Revoke this device\'s token on the server and forget the login'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "invite" -d 'Create a one-time token for another device of yours, or a new user with a role'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "member" -d 'List the project\'s members, give or change roles, remove members (keys rotate)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "device" -d 'List, approve (by fingerprint) or revoke devices'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "push" -d 'Send the project\'s new versions to the sync server (-e: one environment)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "pull" -d 'Bring in the sync server\'s changes to the project (-e: one environment)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "watch" -d 'Follow the environment\'s changes on the server; run a command on each (names only)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "diff" -d 'Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "scan" -d 'Find leaked secrets in files, staged changes or git history (exit 1 when found)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "check" -d 'Check environments against secretscli.schema.toml and each other (exit 1 on findings)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "identity" -d 'Show, export or import this device\'s age identity'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "server" -d 'Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "serve" -d 'Serve the environment\'s values to programs on this host (unix socket or loopback HTTP)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "file" -d 'Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "token" -d 'Service tokens for CI and services: create (printed once), list, revoke, credential'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "share" -d 'Share links: one value, opened in a browser or `share open`, a few times, for a while'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "changes" -d 'Review proposals to protected environments: list, show (--reveal), approve, reject'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "recovery" -d 'Recovery kit: split the root key into word shares, restore access from K of them'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "ca" -d 'Certificate authorities kept in the vault: create, show (PEM), crl'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "cert" -d 'Short-lived TLS certificates from a vault CA: issue, list, revoke'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and not __fish_seen_subcommand_from init unlock lock passwd status project env set get list rm restore purge history rollback stage promote rotate lease inject import export context audit rotate-key doctor completions man login logout invite member device push pull watch diff scan check identity server serve file token share changes recovery ca cert help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from project" -f -a "create" -d 'Create a project with an environment `dev`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from project" -f -a "list" -d 'List projects'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from project" -f -a "rm" -d 'Remove a project with all its environments and items (irreversible)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "create" -d 'Create an environment, optionally inheriting another\'s items'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "list" -d 'List the project\'s environments'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "inherit" -d 'Change what an environment inherits from (cycles are refused)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "rm" -d 'Remove an environment and its items (irreversible)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "protect" -d 'Protect an environment on the sync server (admins): pushes become proposals'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "unprotect" -d 'Stop protecting an environment (admins): pushes land directly again'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "serve-config" -d 'Serve an environment\'s config items over the server\'s config API (admins)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "postgres" -d 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "postgres" -d 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "list" -d 'List the leases recorded in the vault'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "renew" -d 'Move a lease\'s end to now + --ttl (never past its --max-ttl from creation)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "revoke" -d 'End a lease now: its sessions terminated, its login dropped'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "reap" -d 'Revoke every lease that expired or whose `lease postgres` is gone'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "set" -d 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "show" -d 'Show the context and where each value comes from'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "clear" -d 'Remove the global context (or, with --here, this directory\'s file)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "list" -d 'List the project\'s members: roles, devices, "waiting for keys", "rotation pending"'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "add" -d 'Give a user a role on the project (default) or on one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "role" -d 'Change a user\'s role on the project, or on one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "rm" -d 'Remove a user from the project, or from one environment (-e)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "list" -d 'List your devices (an admin: --user NAME for another user\'s)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "approve" -d 'Approve a pending device after comparing its fingerprint, and give it the keys'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "revoke" -d 'Revoke a device: its token and keys go, the env keys it held are rotated'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "install-hook" -d 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from identity" -f -a "show" -d 'Print this device\'s public age recipient'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from identity" -f -a "export" -d 'Write this device\'s identity as a passphrase-protected age file'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from identity" -f -a "import" -d 'Replace this device\'s identity with one exported elsewhere'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from file" -f -a "encrypt" -d 'Encrypt a .env file for git: names, comments and order stay readable'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from file" -f -a "decrypt" -d 'Check and decrypt an encrypted env file to stdout or a 0600 file'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from file" -f -a "edit" -d 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from file" -f -a "check" -d 'For CI: fail when a file that should be encrypted holds a plaintext value'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from file" -f -a "merge-driver" -d 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Make a service token for one or more environments (-e, repeatable); printed once'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List the tokens of environments you administer: scope, expiry, uses, last use'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token: the server forgets its share and wraps, so no copy opens anything'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "credential" -d 'Print a token\'s HTTP credential (scsa_...) for apps that read the server\'s config API'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "create" -d 'Make a link that reveals one item\'s value in a browser or `share open`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "list" -d 'List the links you created: item, views, expiry, state'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "revoke" -d 'Revoke a link: it stops working and the server forgets its ciphertext'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "open" -d 'Open a link here (counts one view) and print the value'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from changes" -f -a "list" -d 'List the pending proposals of the project (-e: of one environment)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from changes" -f -a "show" -d 'Show a proposal: who, from which revision, which names it sets or deletes'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from changes" -f -a "approve" -d 'Approve a proposal (a writer or admin other than its author)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from changes" -f -a "reject" -d 'Reject a proposal (a writer or admin), or withdraw your own'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from recovery" -f -a "split" -d 'Cut the vault\'s root key into word shares, any --threshold of which rebuild it'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from recovery" -f -a "restore" -d 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "create" -d 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "show" -d 'Print the CA certificate (PEM, public): what servers and clients trust'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "crl" -d 'Print the CA\'s certificate revocation list (PEM), valid for 7 days'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "issue" -d 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "list" -d 'List issued certificates: name, CN, serial, CA, expiry, status'
complete -c secretscli -n "__fish_secretscli_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "revoke" -d 'Revoke a certificate by name or serial: it goes on its CA\'s CRL (`ca crl`)'

# Project, environment and key names come from the vault: `secretscli __complete` prints
# the names that fit the token under the cursor, or fails and only the rules above apply.
# It reads names only (never values) and never asks for the passphrase. Fish completes
# `--env=pr` itself and wants bare names back, hence the `string replace`.
function __fish_secretscli_names
    set -l words (commandline -opc) (commandline -ct)
    set -l names (command $words[1] __complete --index (math (count $words) - 1) -- $words 2>/dev/null)
    or return 1
    string replace -r -- '^--[^=]*=' '' $names
    return 0
end
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -a '(__fish_secretscli_names)'
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -s p -l project -a '(__fish_secretscli_names)'
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -s e -l env -a '(__fish_secretscli_names)'
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -l inherits -a '(__fish_secretscli_names)'
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -l only -a '(__fish_secretscli_names)'
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -l allow-dangerous -a '(__fish_secretscli_names)'
