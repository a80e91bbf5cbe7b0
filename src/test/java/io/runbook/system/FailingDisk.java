package io.runbook.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A real H2 file database on a disk the test can fill or pull out: H2's file system prefix
 * {@code faildisk:} wraps the ordinary disk, and every read or write of the database file goes through
 * this wrapper, which can refuse writes ({@link State#FULL}: "No space left on device", what H2 sees
 * on a full disk) or every access ({@link State#GONE}: a volume that went away). H2 reacts as it
 * does to the real failure: the first failed write closes its database under the open connections.
 */
public final class FailingDisk extends FilePathWrapper {

  /** Public: H2 creates the path objects of its scheme by reflection. */
  public FailingDisk() {}

  enum State { OK, FULL, GONE }

  static final String SCHEME = "faildisk";
  private static volatile State state = State.OK;

  static void register() {
    FilePath.register(new FailingDisk());
  }

  static void set(State newState) {
    state = newState;
  }

  /** A JDBC URL like the product's default, for a database file at this path on the failing disk. */
  static String url(java.nio.file.Path file) {
    return "jdbc:h2:" + SCHEME + ":" + file.toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    refuseIf(State.GONE);
    return new Channel(getBase().open(mode));
  }

  private static void refuseIf(State failing) throws IOException {
    State now = state;
    if (now == State.GONE || now == failing) {
      throw new IOException(now == State.FULL ? "No space left on device" : "Input/output error");
    }
  }

  private static final class Channel extends FileBase {
    private final FileChannel base;

    Channel(FileChannel base) {
      this.base = base;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      refuseIf(State.GONE);
      return base.read(dst, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      refuseIf(State.GONE);
      return base.read(dst);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      refuseIf(State.FULL);
      return base.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      refuseIf(State.FULL);
      return base.write(src);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      refuseIf(State.FULL);
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      refuseIf(State.FULL);
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
