# The Debian package: `cpack -G DEB` in a build tree gives
# cordon_<version>_amd64.deb from the install rules (bin/cordon,
# libexec/cordon-analyze, share/cordon/rules, the man pages and the bash and
# zsh completions), installed under /usr. Depends is computed from the
# binaries' shared libraries by dpkg-shlibdeps, so it names exactly the
# Debian libraries this build links (LLVM, libclang, Capstone, ...).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cordon)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "cordon")
set(CPACK_PACKAGE_CONTACT "cordon maintainers <cordon@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "exfiltration scanner and network sandbox for game titles")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "cordon keeps game titles from leaking player and platform data.
 cordon scan reads game binaries (ELF, PE/COFF, Mach-O; x86-64 and AArch64)
 and C/C++ sources and reports exfiltration paths: sensitive data from a
 platform SDK or the OS flowing to a network sink or another vendor's cloud,
 as text, JSON, SARIF (GitHub code scanning) or a GitLab SAST report.
 cordon run is a sandbox for QA runs: an air-gapped or zero-trust network
 profile enforced with namespaces, seccomp and Landlock, with a JSON Lines
 audit log. cordon report joins a scan, a run and a title's manifest.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
include(CPack)
