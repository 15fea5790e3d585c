"""The action plan (Handlungskonzept): fields of action shared by the federation."""
