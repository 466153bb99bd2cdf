package nimbus.hackclub;

import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;

/** Puts files in place for the tests of the id-taking operations. */
final class Uploads {
    private Uploads() {}

    static FileRecord stored(TestAccount owner, String filename, int size) {
        return TestStack.context()
                .getBean(FileService.class)
                .upload(owner.id(), new NewFile(filename, "application/octet-stream", new byte[size]));
    }

    static boolean exists(FileRecord file) {
        return TestStack.context()
                .getBean(FileService.class)
                .find(file.accountId(), file.id())
                .isPresent();
    }

    static String filename(FileRecord file) {
        return TestStack.context()
                .getBean(FileService.class)
                .require(file.accountId(), file.id())
                .filename();
    }
}
