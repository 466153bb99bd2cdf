package nimbus.aether;

import java.util.List;
import java.util.Set;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.files.FileDetails;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.files.FolderService;
import nimbus.shared.files.NewFile;

/** Accounts, files and folders put in place through the domain services. */
final class Stored {
    static final Set<String> ALL_SCOPES = Set.of("files:read", "files:write", "user:read");

    private Stored() {}

    static TestAccount account() {
        return account(ALL_SCOPES);
    }

    static TestAccount account(Set<String> scopes) {
        return TestStack.account(QuotaTier.UNVERIFIED, AetherKeys.FORMAT, scopes);
    }

    static FileService files() {
        return TestStack.context().getBean(FileService.class);
    }

    static FolderService folders() {
        return TestStack.context().getBean(FolderService.class);
    }

    static FileRecord file(TestAccount owner, String filename, byte[] data) {
        return file(owner, filename, data, null);
    }

    static FileRecord file(TestAccount owner, String filename, byte[] data, String folderId) {
        return files().upload(
                        TestStack.reload(owner.id()),
                        new NewFile(filename, "application/octet-stream", data),
                        new FileDetails(folderId, null, List.of()));
    }

    static FolderRecord folder(TestAccount owner, String name) {
        return folders().create(owner.id(), name);
    }

    static FolderRecord reload(FolderRecord folder) {
        return folders().require(folder.accountId(), folder.id());
    }

    static FileRecord reload(FileRecord file) {
        return files().require(file.accountId(), file.id());
    }

    static boolean exists(FileRecord file) {
        return files().find(file.accountId(), file.id()).isPresent();
    }

    static boolean blobExists(FileRecord file) {
        try {
            TestStack.blobs().get(file.blobKey());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
