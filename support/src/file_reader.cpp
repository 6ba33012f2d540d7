#include "cordon/support/file_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <utility>

namespace cordon {
namespace {

Result<std::pair<UniqueFd, std::size_t>> open_regular(const std::string& path,
                                                      std::size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) return fail(ErrorKind::kIo, path, "", errno_text(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(ErrorKind::kIo, path, "", errno_text(errno));
  if (S_ISDIR(st.st_mode)) return fail(ErrorKind::kIo, path, "", "is a directory");
  if (!S_ISREG(st.st_mode)) return fail(ErrorKind::kIo, path, "", "not a regular file");
  if (st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    return fail(ErrorKind::kLimit, path, "",
                "file is larger than the limit of " + std::to_string(max_bytes) + " bytes");
  }
  return std::make_pair(std::move(fd), static_cast<std::size_t>(st.st_size));
}

}  // namespace

Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes) {
  auto opened = open_regular(path, max_bytes);
  if (!opened) return fail(opened.error());
  auto& [fd, size] = *opened;
  std::string out(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    ssize_t got = ::read(fd.get(), out.data() + done, size - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorKind::kIo, path, "", errno_text(errno));
    }
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<std::size_t>(got);
  }
  out.resize(done);
  return out;
}

Result<MappedFile> MappedFile::open(const std::string& path, std::size_t max_bytes) {
  auto opened = open_regular(path, max_bytes);
  if (!opened) return fail(opened.error());
  auto& [fd, size] = *opened;
  MappedFile file;
  file.path_ = path;
  if (size == 0) return file;
  void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (addr == MAP_FAILED) return fail(ErrorKind::kIo, path, "", "mmap: " + errno_text(errno));
  file.data_ = static_cast<const std::uint8_t*>(addr);
  file.size_ = size;
  file.mapped_ = true;
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    unmap();
    path_ = std::move(other.path_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

MappedFile::~MappedFile() {
  unmap();
}

void MappedFile::unmap() noexcept {
  if (mapped_) ::munmap(const_cast<std::uint8_t*>(data_), size_);
  mapped_ = false;
  data_ = nullptr;
  size_ = 0;
}

}  // namespace cordon
